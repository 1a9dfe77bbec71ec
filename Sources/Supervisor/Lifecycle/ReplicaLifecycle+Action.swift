extension ReplicaLifecycle {
    /// What the caller does after feeding the lifecycle an event.
    public enum Action: Sendable, Hashable {
        /// Nothing.
        case none
        /// Cancel the replica's timer if one is armed, then launch a new process and report
        /// ``ReplicaLifecycle/spawned(pid:)`` or ``ReplicaLifecycle/spawnFailed(message:)``.
        /// Start a fresh ``HealthTracker`` for it.
        case spawn
        /// Send this signal to the replica's process group.
        case signalGroup(Int32)
        /// Send `signal` to the process group — followed by SIGCONT when `wasPaused`, so a frozen
        /// group can act on it — and arm the timer to report
        /// ``ReplicaLifecycle/stopTimeoutFired()`` after `timeout`.
        case stopGroup(signal: Int32, timeout: Duration, wasPaused: Bool)
        /// Arm the timer to report ``ReplicaLifecycle/restartTimerFired()`` after this delay.
        case scheduleRestart(after: Duration)
        /// Cancel the replica's timer (a pending restart or stop timeout).
        case cancelTimer
    }
}
