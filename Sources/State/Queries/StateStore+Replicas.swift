import Foundation
import GRDB

extension StateStore {
    /// Inserts the replica, or replaces every column of the one with the same
    /// environment, service and index.
    ///
    /// - Throws: A GRDB `DatabaseError` (foreign key) if its environment is not in the database.
    public func saveReplica(_ replica: ReplicaRecord) throws {
        try writer.write { db in try replica.upsert(db) }
    }

    /// One replica, or nil.
    public func replica(environment: String, service: String, index: Int) throws -> ReplicaRecord? {
        try writer.read { db in
            try ReplicaRecord.fetchOne(db, key: Self.replicaKey(environment, service, index))
        }
    }

    /// The environment's replicas (of one service, if given), sorted by service then index.
    public func replicas(environment: String, service: String? = nil) throws -> [ReplicaRecord] {
        try writer.read { db in
            var request = ReplicaRecord.filter { $0.environment == environment }
            if let service {
                request = request.filter { $0.service == service }
            }
            return try request.order { [$0.service, $0.index] }.fetchAll(db)
        }
    }

    /// Reads, changes and writes back one replica in a single transaction.
    ///
    /// - Parameters:
    ///   - now: Stamped on `updatedAt` before `update` runs (which may override it).
    ///   - update: Changes the record; its environment, service and index must stay the same.
    /// - Returns: The record as written.
    /// - Throws: ``StateError`` with code ``StateError/Code/notFound`` if there is no such replica.
    @discardableResult
    public func updateReplica(
        environment: String,
        service: String,
        index: Int,
        at now: Date = Date(),
        _ update: (inout ReplicaRecord) -> Void
    ) throws -> ReplicaRecord {
        try writer.write { db in
            let key = Self.replicaKey(environment, service, index)
            guard var record = try ReplicaRecord.fetchOne(db, key: key) else {
                throw StateError(
                    code: .notFound,
                    message: "no replica \(service).\(index) of environment '\(environment)' in the state database"
                )
            }
            record.updatedAt = now
            update(&record)
            precondition(
                record.environment == environment && record.service == service && record.index == index,
                "updateReplica must not change the key of \(service).\(index)"
            )
            try record.update(db)
            return record
        }
    }

    /// Deletes replicas of an environment: all of them, those of one service, or only the
    /// given indexes of that service (e.g. after scaling down).
    ///
    /// - Parameters:
    ///   - service: Limits the deletion to this service; nil for every service.
    ///   - indexes: Limits the deletion to these indexes; nil for every index.
    /// - Returns: How many replicas were deleted.
    @discardableResult
    public func deleteReplicas(environment: String, service: String? = nil, indexes: [Int]? = nil) throws -> Int {
        try writer.write { db in
            var request = ReplicaRecord.filter { $0.environment == environment }
            if let service {
                request = request.filter { $0.service == service }
            }
            if let indexes {
                request = request.filter { indexes.contains($0.index) }
            }
            return try request.deleteAll(db)
        }
    }

    private static func replicaKey(_ environment: String, _ service: String, _ index: Int) -> [String: any DatabaseValueConvertible] {
        ["environment": environment, "service": service, "index": index]
    }
}
