import Vocabulary

/// What one replica looks like from outside: the values `devenv status` shows and dependents wait on.
public struct ReplicaStatus: Sendable, Hashable {
    /// The reported state.
    public var state: ReplicaState
    /// The process id of its live process, if it has one.
    public var pid: Int32?
    /// Its current health.
    public var health: Health
    /// How many times it was restarted automatically.
    public var restarts: Int
    /// How its last process ended, if one did.
    public var lastExit: ExitStatus?
    /// Why its last launch failed, if it did.
    public var launchFailure: String?
    /// Whether a restart is scheduled (a crashed replica that will come back).
    public var restartPending: Bool

    /// Creates a status; everything but the state defaults to "nothing known".
    public init(
        state: ReplicaState,
        pid: Int32? = nil,
        health: Health = .unknown,
        restarts: Int = 0,
        lastExit: ExitStatus? = nil,
        launchFailure: String? = nil,
        restartPending: Bool = false
    ) {
        self.state = state
        self.pid = pid
        self.health = health
        self.restarts = restarts
        self.lastExit = lastExit
        self.launchFailure = launchFailure
        self.restartPending = restartPending
    }
}
