import Foundation
import GRDB

/// One entry of an environment's `schedule:` and when it fires: a row of the `schedule` table.
public struct ScheduleRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, StoredDates {
    /// The environment's name.
    public var environment: String
    /// The entry's position in the manifest's `schedule:` list, from 0.
    public var position: Int
    /// The cron expression, as written.
    public var cron: String
    /// The action to run, e.g. `pause` or `resume`.
    public var action: String
    /// The IANA time zone the expression is read in; nil for the local one.
    public var timezone: String?
    /// When the entry fires next, once computed.
    public var nextFire: Date?
    /// When the entry last fired, if ever.
    public var lastFire: Date?

    /// The table's columns, for queries.
    public enum Columns {
        public static let environment = Column(CodingKeys.environment)
        public static let position = Column(CodingKeys.position)
        public static let cron = Column(CodingKeys.cron)
        public static let action = Column(CodingKeys.action)
        public static let timezone = Column(CodingKeys.timezone)
        public static let nextFire = Column(CodingKeys.nextFire)
        public static let lastFire = Column(CodingKeys.lastFire)
    }

    /// The table's name.
    public static let databaseTableName = "schedule"

    /// Creates a schedule entry.
    public init(
        environment: String,
        position: Int,
        cron: String,
        action: String,
        timezone: String? = nil,
        nextFire: Date? = nil,
        lastFire: Date? = nil
    ) {
        self.environment = environment
        self.position = position
        self.cron = cron
        self.action = action
        self.timezone = timezone
        self.nextFire = nextFire
        self.lastFire = lastFire
    }
}
