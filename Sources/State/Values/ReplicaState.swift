import GRDB

/// The lifecycle state of one replica; the replica `state` of `devenv status --json`.
public enum ReplicaState: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    /// Launched, not yet healthy.
    case starting
    /// Running (and healthy, where it has a health check).
    case running
    /// Frozen with its environment.
    case paused
    /// Ran to completion with status 0 (a job).
    case exited
    /// Exited non-zero or was killed by a signal it was not sent.
    case crashed
    /// Stopped on purpose.
    case stopped
}
