import Foundation
import GRDB

/// The ledger entry of one seed file applied to one database: a row of the `seed` table.
public struct SeedRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, StoredDates {
    /// The environment's name.
    public var environment: String
    /// The database's name in the manifest.
    public var database: String
    /// The seed file, relative to the project root, as written in the manifest.
    public var file: String
    /// The file's SHA-256 when it was applied, in lowercase hex.
    public var sha256: String
    /// How many rows it loaded (0 for a `.sql` file).
    public var rows: Int
    /// When it was applied.
    public var appliedAt: Date

    /// The table's columns, for queries.
    public enum Columns {
        public static let environment = Column(CodingKeys.environment)
        public static let database = Column(CodingKeys.database)
        public static let file = Column(CodingKeys.file)
        public static let sha256 = Column(CodingKeys.sha256)
        public static let rows = Column(CodingKeys.rows)
        public static let appliedAt = Column(CodingKeys.appliedAt)
    }

    /// The table's name.
    public static let databaseTableName = "seed"

    /// Creates a seed ledger entry.
    public init(environment: String, database: String, file: String, sha256: String, rows: Int, appliedAt: Date) {
        self.environment = environment
        self.database = database
        self.file = file
        self.sha256 = sha256
        self.rows = rows
        self.appliedAt = appliedAt
    }
}
