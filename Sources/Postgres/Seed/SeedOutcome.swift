/// What happened to one seed file.
public struct SeedOutcome: Sendable, Hashable {
    /// The file as the manifest names it.
    public var file: String
    /// True when applied now; false when the ledger shows it was applied before.
    public var applied: Bool
    /// Rows loaded (COPY) or inserted/updated/deleted (SQL), as recorded in the ledger.
    public var rows: Int
    /// The file's SHA-256, lowercase hex.
    public var sha256: String
    /// How long checking (and applying) it took.
    public var duration: Duration

    public init(file: String, applied: Bool, rows: Int, sha256: String, duration: Duration) {
        self.file = file
        self.applied = applied
        self.rows = rows
        self.sha256 = sha256
        self.duration = duration
    }
}
