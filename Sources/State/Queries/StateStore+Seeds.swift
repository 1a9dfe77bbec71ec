import Foundation
import GRDB

extension StateStore {
    /// Records that a seed file was applied, replacing an earlier entry for the same
    /// environment, database and file.
    public func recordSeed(_ seed: SeedRecord) throws {
        try writer.write { db in try seed.upsert(db) }
    }

    /// The seeds applied to the environment (to one database, if given), in the order they were
    /// applied.
    public func seeds(environment: String, database: String? = nil) throws -> [SeedRecord] {
        try writer.read { db in
            var request = SeedRecord.filter { $0.environment == environment }
            if let database {
                request = request.filter { $0.database == database }
            }
            return try request.order { [$0.appliedAt, Column.rowID] }.fetchAll(db)
        }
    }

    /// Forgets the seeds applied to the environment (to one database, if given), e.g. after the
    /// database was recreated by `devenv seed --reset`.
    ///
    /// - Returns: How many entries were deleted.
    @discardableResult
    public func deleteSeeds(environment: String, database: String? = nil) throws -> Int {
        try writer.write { db in
            var request = SeedRecord.filter { $0.environment == environment }
            if let database {
                request = request.filter { $0.database == database }
            }
            return try request.deleteAll(db)
        }
    }
}
