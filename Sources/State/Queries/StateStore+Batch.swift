import Foundation
import GRDB

extension StateStore {
    /// Several changes in one write transaction, for a supervisor writing as fast as its replicas
    /// change: `events` appended in order, `replicas` upserted, and the environment's observed
    /// state set when given.
    ///
    /// - Throws: A GRDB `DatabaseError`; then nothing of the batch is written.
    public func write(events: [EventRecord], replicas: [ReplicaRecord],
                      observedState: (environment: String, state: EnvironmentState)? = nil) throws {
        guard !events.isEmpty || !replicas.isEmpty || observedState != nil else { return }
        try writer.write { db in
            for var event in events { try event.insert(db) }
            for replica in replicas { try replica.upsert(db) }
            if let observedState, var record = try EnvironmentRecord.fetchOne(db, key: observedState.environment),
               record.observedState != observedState.state {
                record.observedState = observedState.state
                record.updatedAt = Date()
                try record.update(db)
            }
        }
    }
}
