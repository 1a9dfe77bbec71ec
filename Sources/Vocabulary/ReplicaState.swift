/// A replica's state as `devenv status` reports it (contract values).
public enum ReplicaState: String, Sendable, Hashable, CaseIterable, Codable {
    /// Its process is being launched, or it is about to be started again after a clean exit.
    case starting
    /// Its process is alive.
    case running
    /// Its process group is frozen (SIGSTOP), or its pending restart is held.
    case paused
    /// It exited and will not be started again: a job that exited 0, or a service that exited 0
    /// under a policy that does not restart it.
    case exited
    /// It failed (non-zero exit, signal, or failure to launch); shown while it waits to be
    /// restarted, too.
    case crashed
    /// It was stopped, or never started.
    case stopped
}
