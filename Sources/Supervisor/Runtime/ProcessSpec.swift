/// What to run as one supervised process: its command, environment, directory, log and user.
public struct ProcessSpec: Sendable, Hashable {
    /// The program and its arguments; a shell command string is given as
    /// `["/bin/sh", "-c", command]` (see ``shell(_:)``).
    public var argv: [String]
    /// The complete environment of the process: nothing is inherited from the daemon.
    public var environment: [String: String]
    /// The directory the process starts in; relative to the daemon's own.
    public var workingDirectory: String
    /// The file the process's stdout and stderr go to, one timestamped line per record. Its
    /// directory must exist.
    public var logPath: String
    /// The size past which the log is rotated (`FILE` → `FILE.1` → …).
    public var logMaxBytes: Int
    /// How many rotated logs are kept besides the current one.
    public var logKeep: Int
    /// The user to run as (its groups too), when the daemon runs as root; `nil` keeps the
    /// daemon's.
    public var user: String?
    /// The container this process runs, when it is one: the process is then the container
    /// CLI's foreground `run` of it, started by ``ContainerRuntime`` (which fills in `argv`,
    /// `environment` and `user`; `workingDirectory` is the CLI's, the log settings apply).
    /// ``ProcessRuntime`` refuses a spec with a container.
    public var container: ContainerSpec?

    public init(
        argv: [String],
        environment: [String: String] = [:],
        workingDirectory: String = ".",
        logPath: String,
        logMaxBytes: Int = 10 * 1024 * 1024,
        logKeep: Int = 3,
        user: String? = nil,
        container: ContainerSpec? = nil
    ) {
        self.argv = argv
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.logPath = logPath
        self.logMaxBytes = logMaxBytes
        self.logKeep = logKeep
        self.user = user
        self.container = container
    }

    /// A spec that runs `container`, its output logged to `logPath`, the CLI started in
    /// `workingDirectory` (the project root).
    public static func container(
        _ container: ContainerSpec, logPath: String, workingDirectory: String = ".",
        logMaxBytes: Int = 10 * 1024 * 1024, logKeep: Int = 3
    ) -> ProcessSpec {
        ProcessSpec(argv: [], workingDirectory: workingDirectory, logPath: logPath, logMaxBytes: logMaxBytes,
                    logKeep: logKeep, container: container)
    }

    /// The argv that runs `command` with `/bin/sh -c`.
    public static func shell(_ command: String) -> [String] {
        ["/bin/sh", "-c", command]
    }
}
