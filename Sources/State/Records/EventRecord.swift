import Foundation
import GRDB

/// One entry of an environment's history: a row of the `event` table.
///
/// Events are never updated; the store appends them with ``StateStore/appendEvent(environment:service:kind:message:at:)``.
public struct EventRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord, StoredDates {
    /// The row id, assigned on insertion; it orders events recorded at the same instant.
    public var id: Int64?
    /// When it happened.
    public var time: Date
    /// The environment's name.
    public var environment: String
    /// The service it concerns, if one.
    public var service: String?
    /// What happened, in one word: `up`, `started`, `crashed`, `restart`, …
    public var kind: String
    /// A human sentence; never a secret.
    public var message: String

    /// The table's columns, for queries.
    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let time = Column(CodingKeys.time)
        public static let environment = Column(CodingKeys.environment)
        public static let service = Column(CodingKeys.service)
        public static let kind = Column(CodingKeys.kind)
        public static let message = Column(CodingKeys.message)
    }

    /// The table's name.
    public static let databaseTableName = "event"

    /// Creates an event, not yet stored (its `id` is nil until inserted).
    public init(
        id: Int64? = nil,
        time: Date,
        environment: String,
        service: String? = nil,
        kind: String,
        message: String
    ) {
        self.id = id
        self.time = time
        self.environment = environment
        self.service = service
        self.kind = kind
        self.message = message
    }

    /// Takes the row id SQLite assigned.
    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
