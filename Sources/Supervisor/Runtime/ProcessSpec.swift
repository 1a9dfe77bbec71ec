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

    public init(
        argv: [String],
        environment: [String: String] = [:],
        workingDirectory: String = ".",
        logPath: String,
        logMaxBytes: Int = 10 * 1024 * 1024,
        logKeep: Int = 3,
        user: String? = nil
    ) {
        self.argv = argv
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.logPath = logPath
        self.logMaxBytes = logMaxBytes
        self.logKeep = logKeep
        self.user = user
    }

    /// The argv that runs `command` with `/bin/sh -c`.
    public static func shell(_ command: String) -> [String] {
        ["/bin/sh", "-c", command]
    }
}
