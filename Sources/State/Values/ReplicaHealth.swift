import GRDB

/// The last health-probe verdict on a replica; the replica `health` of `devenv status --json`.
public enum ReplicaHealth: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    /// The last probe passed.
    case healthy
    /// Probes failed more often than the service's `retries`.
    case unhealthy
    /// Not probed yet, or the service has no health check.
    case unknown
}
