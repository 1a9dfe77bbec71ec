import Foundation
import GRDB
import Vocabulary

extension StateStore {
    /// Several changes in one write transaction, for a supervisor writing as fast as its replicas
    /// change: `events` appended in order, `replicas` upserted, and the environment's observed
    /// state set when given.
    ///
    /// The rows go through two cached statements with their values bound directly, not through
    /// the records' `Encodable` conformance and GRDB's upsert-and-fetch: the same rows (dates in
    /// `StoredDate`'s format), at a fraction of the CPU, for the burst of forty replicas starting.
    ///
    /// - Throws: A GRDB `DatabaseError`; then nothing of the batch is written.
    public func write(events: [EventRecord], replicas: [ReplicaRecord],
                      observedState: (environment: String, state: EnvironmentState)? = nil) throws {
        guard !events.isEmpty || !replicas.isEmpty || observedState != nil else { return }
        try writer.write { db in
            if !events.isEmpty {
                let insert = try db.cachedStatement(sql: Self.insertEvent)
                for event in events {
                    try insert.execute(arguments: [
                        StoredDate.text(of: event.time), event.environment, event.service, event.kind, event.message,
                    ])
                }
            }
            if !replicas.isEmpty {
                let upsert = try db.cachedStatement(sql: Self.upsertReplica)
                for replica in replicas {
                    try upsert.execute(arguments: [
                        replica.environment, replica.service, replica.index, replica.pid, replica.startTime,
                        replica.port, replica.state.rawValue, replica.health.rawValue, replica.restarts,
                        replica.lastExit, StoredDate.text(of: replica.updatedAt),
                    ])
                }
            }
            if let observedState, var record = try EnvironmentRecord.fetchOne(db, key: observedState.environment),
               record.observedState != observedState.state {
                record.observedState = observedState.state
                record.updatedAt = Date()
                try record.update(db)
            }
        }
    }

    private static let insertEvent = """
        INSERT INTO "event" ("time", "environment", "service", "kind", "message") VALUES (?, ?, ?, ?, ?)
        """

    private static let upsertReplica = """
        INSERT INTO "replica" ("environment", "service", "index", "pid", "startTime", "port", "state", "health",
                               "restarts", "lastExit", "updatedAt")
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT ("environment", "service", "index") DO UPDATE SET
            "pid" = excluded."pid", "startTime" = excluded."startTime", "port" = excluded."port",
            "state" = excluded."state", "health" = excluded."health", "restarts" = excluded."restarts",
            "lastExit" = excluded."lastExit", "updatedAt" = excluded."updatedAt"
        """
}
