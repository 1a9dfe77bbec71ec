import GRDB

/// What the user last asked an environment to be.
public enum DesiredState: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
    /// Brought up with `devenv up` or `devenv resume`.
    case running
    /// Frozen with `devenv pause`.
    case paused
    /// Taken down with `devenv down`, or never brought up.
    case stopped
}
