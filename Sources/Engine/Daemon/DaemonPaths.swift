import Manifest

/// Where an environment's daemon keeps its files, under `.devenv/<env>/`.
public struct DaemonPaths: Sendable {
    public let directory: String

    public init(project: Project, environment: String) {
        directory = project.path(".devenv/\(environment)")
    }

    public var controlSocket: String { directory + "/control.sock" }
    /// Held by the living daemon for its whole life.
    public var daemonLock: String { directory + "/daemon.lock" }
    /// Held by a `devenv up` or `down` while it works, so two at once take turns.
    public var commandLock: String { directory + "/command.lock" }
    public var daemonLog: String { directory + "/daemon.log" }
    public var logs: String { directory + "/logs" }
}
