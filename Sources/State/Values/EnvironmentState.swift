import GRDB

/// What an environment was last observed to be; the `state` of `devenv status --json`.
public enum EnvironmentState: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    /// Every replica is running and healthy.
    case running
    /// Every process of the environment is frozen.
    case paused
    /// Its services and Postgres were ended by `sleep`; its daemon, router and schedule live on.
    case sleeping
    /// Never brought up, or down.
    case stopped
    /// Up, but at least one replica is crashed or unhealthy.
    case degraded
    /// Coming up: not every replica is healthy yet.
    case starting
}
