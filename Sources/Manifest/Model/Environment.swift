import Scheduler

/// One environment's manifest, merged over its `extends` chain, interpolated and validated.
public struct Environment: Hashable, Sendable {
    /// The environment's name: the manifest's file name without `.yaml`.
    public var name: String
    /// The manifest files this environment was read from, the base of the `extends` chain first.
    public var files: [String]
    public var envFile: String?
    /// Variables read from `env_file`, given to every service (below `env:`).
    public var envFileValues: [String: String]
    /// `env:`, given to every service.
    public var env: [String: Template]
    public var postgres: PostgresSpec?
    public var router: RouterSpec?
    /// Services in manifest order.
    public var services: [Service]
    /// `schedule:`: when it is awake; nil when it has none (always awake).
    public var schedule: Schedule?
    /// `wake_on_request`: a request routed to a paused or sleeping environment wakes it.
    public var wakeOnRequest: Bool
    /// `idle_sleep`: with no routed request for this long, the environment sleeps as `schedule.asleep` says.
    public var idleSleep: Duration?
    /// `containers.runtime`: the tool that runs services with an `image:`; nil: the first that works.
    public var containerRuntime: ContainerTool?

    /// A container tool devenv can drive.
    public enum ContainerTool: String, Hashable, Sendable, CaseIterable {
        case podman, docker
    }

    /// Whether anything runs from an image (a service, or Postgres).
    public var usesContainers: Bool {
        postgres?.image != nil || services.contains { $0.image != nil }
    }

    public init(name: String, files: [String] = [], envFile: String? = nil, envFileValues: [String: String] = [:],
                env: [String: Template] = [:], postgres: PostgresSpec? = nil, router: RouterSpec? = nil,
                services: [Service] = [], schedule: Schedule? = nil, wakeOnRequest: Bool = false,
                idleSleep: Duration? = nil) {
        self.name = name
        self.files = files
        self.envFile = envFile
        self.envFileValues = envFileValues
        self.env = env
        self.postgres = postgres
        self.router = router
        self.services = services
        self.schedule = schedule
        self.wakeOnRequest = wakeOnRequest
        self.idleSleep = idleSleep
    }

    /// The manifest file of this environment itself (the last of the chain).
    public var file: String { files.last ?? "" }

    public func service(named name: String) -> Service? {
        services.first { $0.name == name }
    }
}

/// `auto` (a free port, kept stable for the environment) or a fixed number.
public enum PortSetting: Hashable, Sendable, CustomStringConvertible {
    case auto
    case fixed(Int)

    public var fixedValue: Int? {
        if case .fixed(let port) = self { return port }
        return nil
    }

    public var description: String {
        switch self {
        case .auto: return "auto"
        case .fixed(let port): return String(port)
        }
    }
}
