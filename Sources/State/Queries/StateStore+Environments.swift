import Foundation
import GRDB

extension StateStore {
    /// Inserts the environment, or replaces every column of the one with the same name.
    ///
    /// Its replicas, events, seeds and schedules are kept.
    public func saveEnvironment(_ environment: EnvironmentRecord) throws {
        try writer.write { db in try environment.upsert(db) }
    }

    /// The environment with this name, or nil if the database has never seen it.
    public func environment(named name: String) throws -> EnvironmentRecord? {
        try writer.read { db in try EnvironmentRecord.fetchOne(db, key: name) }
    }

    /// Every environment known to the database, sorted by name.
    public func environments() throws -> [EnvironmentRecord] {
        try writer.read { db in try EnvironmentRecord.order(\.name).fetchAll(db) }
    }

    /// Reads, changes and writes back one environment in a single transaction.
    ///
    /// - Parameters:
    ///   - name: The environment's name.
    ///   - now: Stamped on `updatedAt` before `update` runs (which may override it).
    ///   - update: Changes the record; its `name` must stay the same.
    /// - Returns: The record as written.
    /// - Throws: ``StateError`` with code ``StateError/Code/notFound`` if there is no such environment.
    @discardableResult
    public func updateEnvironment(
        named name: String,
        at now: Date = Date(),
        _ update: (inout EnvironmentRecord) -> Void
    ) throws -> EnvironmentRecord {
        try writer.write { db in
            guard var record = try EnvironmentRecord.fetchOne(db, key: name) else {
                throw StateError(code: .notFound, message: "no environment named '\(name)' in the state database")
            }
            record.updatedAt = now
            update(&record)
            precondition(record.name == name, "updateEnvironment must not rename '\(name)'")
            try record.update(db)
            return record
        }
    }

    /// Deletes the environment and everything recorded of it — replicas, events, seeds,
    /// schedules — in one transaction. Other environments are untouched.
    ///
    /// - Returns: Whether the environment row existed.
    @discardableResult
    public func purge(environment name: String) throws -> Bool {
        try writer.write { db in
            try EventRecord.filter { $0.environment == name }.deleteAll(db)
            try SeedRecord.filter { $0.environment == name }.deleteAll(db)
            try ScheduleRecord.filter { $0.environment == name }.deleteAll(db)
            // Replicas go with the environment row (ON DELETE CASCADE).
            return try EnvironmentRecord.deleteOne(db, key: name)
        }
    }
}
