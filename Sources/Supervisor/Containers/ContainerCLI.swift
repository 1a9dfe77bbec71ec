#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One container runtime's command-line tool, podman or docker, as devenv runs it: by its
/// absolute path, with the daemon's own variables that the tool reads (`HOME`, `XDG_RUNTIME_DIR`,
/// `CONTAINERS_CONF`, `DOCKER_HOST`…), so its own configuration is respected. devenv never
/// passes `--runtime`, `--ulimit` or anything else that would override it.
public struct ContainerCLI: Sendable, Hashable {
    /// Which tool.
    public enum Kind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        case podman
        case docker
        public var description: String { rawValue }
    }

    public var kind: Kind
    /// The executable.
    public var path: String
    /// The environment every run of the tool gets (the container's own variables are added for
    /// `run`).
    public var environment: [String: String]

    public init(kind: Kind, path: String, environment: [String: String] = ContainerCLI.inheritedEnvironment()) {
        self.kind = kind
        self.path = path
        self.environment = environment
    }

    /// The variables the tools read, taken from this process's environment where set; `PATH`
    /// defaults to the usual system directories (podman looks for conmon and runc there).
    public static func inheritedEnvironment() -> [String: String] {
        let names = ["PATH", "HOME", "USER", "LOGNAME", "LANG", "TMPDIR", "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME",
                     "XDG_DATA_HOME", "DBUS_SESSION_BUS_ADDRESS", "CONTAINERS_CONF", "CONTAINERS_STORAGE_CONF",
                     "CONTAINERS_REGISTRIES_CONF", "CONTAINER_HOST", "CONTAINER_CONNECTION", "DOCKER_HOST",
                     "DOCKER_CONFIG", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH"]
        var environment: [String: String] = [:]
        for name in names {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        if environment["PATH"] == nil { environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" }
        return environment
    }

    /// The tool named `kind` on `PATH` (or in the usual system directories), if there is one.
    public static func find(_ kind: Kind, environment: [String: String] = ContainerCLI.inheritedEnvironment())
        -> ContainerCLI?
    {
        let directories = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
            + ["/usr/local/bin", "/usr/bin", "/bin"]
        for directory in directories where !directory.isEmpty {
            let candidate = directory + "/" + kind.rawValue
            if access(candidate, X_OK) == 0 {
                return ContainerCLI(kind: kind, path: candidate, environment: environment)
            }
        }
        return nil
    }

    /// Runs `tool arguments…` to its end.
    public func run(_ arguments: [String]) async -> CommandOutput {
        await CommandRun.run([path] + arguments, environment: environment)
    }

    /// Runs `tool arguments…` to its end, blocking the calling thread.
    public func runBlocking(_ arguments: [String]) -> CommandOutput {
        CommandRun.runBlocking([path] + arguments, environment: environment)
    }
}
