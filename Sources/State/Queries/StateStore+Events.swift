import Foundation
import GRDB

extension StateStore {
    /// Appends one event to the environment's history.
    ///
    /// - Returns: The stored event, with its id.
    @discardableResult
    public func appendEvent(
        environment: String,
        service: String? = nil,
        kind: String,
        message: String,
        at time: Date = Date()
    ) throws -> EventRecord {
        try writer.write { db in
            var event = EventRecord(time: time, environment: environment, service: service, kind: kind, message: message)
            try event.insert(db)
            return event
        }
    }

    /// The environment's history, oldest first; with a limit, only the newest `limit` events.
    ///
    /// Events at the same instant keep the order they were appended in.
    public func events(environment: String, limit: Int? = nil) throws -> [EventRecord] {
        try writer.read { db in
            let request = EventRecord.filter { $0.environment == environment }
            guard let limit else {
                return try request.order { [$0.time, $0.id] }.fetchAll(db)
            }
            let newest = try request.order { [$0.time.desc, $0.id.desc] }.limit(limit).fetchAll(db)
            return newest.reversed()
        }
    }
}
