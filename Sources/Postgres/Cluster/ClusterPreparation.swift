/// What `PostgresCluster.prepare` did, with timings.
public struct ClusterPreparation: Sendable, Hashable {
    /// Whether the per-version template was built now (first use of this version).
    public var createdTemplate = false
    /// How long building the template took (zero when it existed).
    public var templateDuration: Duration = .zero
    /// Whether the data directory was created now, as a copy of the template.
    public var createdDataDirectory = false
    /// How long the copy took, including giving it its own superuser password (zero when it existed).
    public var copyDuration: Duration = .zero
    /// Whether a stale `postmaster.pid` left by a killed server was removed.
    public var clearedStaleLock = false
    /// Whether the superuser password had to be set again because its file was missing.
    public var resetSuperuserPassword = false

    public init() {}
}
