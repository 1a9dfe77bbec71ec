import Foundation
import GRDB
import Vocabulary

/// One replica of one service of an environment: a row of the `replica` table.
///
/// Replicas belong to their environment: deleting the environment row deletes them.
public struct ReplicaRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, StoredDates {
    /// The environment's name.
    public var environment: String
    /// The service's name in the manifest.
    public var service: String
    /// The replica's index within its service, from 0.
    public var index: Int
    /// The replica's pid (its process group leader), while it runs.
    public var pid: Int32?
    /// The process start time in clock ticks since boot (`/proc/<pid>/stat` field 22),
    /// so that a reused pid is never mistaken for the replica.
    public var startTime: Int64?
    /// The port given to the replica as `$PORT`, if the service has one.
    public var port: Int?
    /// The replica's lifecycle state.
    public var state: ReplicaState
    /// The last health verdict.
    public var health: Health
    /// How many times the replica was restarted after a crash or failed health check.
    public var restarts: Int
    /// How the last run ended, e.g. `exit 1` or `signal 9`.
    public var lastExit: String?
    /// When the row last changed.
    public var updatedAt: Date

    /// The table's columns, for queries.
    public enum Columns {
        public static let environment = Column(CodingKeys.environment)
        public static let service = Column(CodingKeys.service)
        public static let index = Column(CodingKeys.index)
        public static let pid = Column(CodingKeys.pid)
        public static let startTime = Column(CodingKeys.startTime)
        public static let port = Column(CodingKeys.port)
        public static let state = Column(CodingKeys.state)
        public static let health = Column(CodingKeys.health)
        public static let restarts = Column(CodingKeys.restarts)
        public static let lastExit = Column(CodingKeys.lastExit)
        public static let updatedAt = Column(CodingKeys.updatedAt)
    }

    /// The table's name.
    public static let databaseTableName = "replica"

    /// Creates a replica record; a new replica is starting, of unknown health, never restarted.
    public init(
        environment: String,
        service: String,
        index: Int,
        pid: Int32? = nil,
        startTime: Int64? = nil,
        port: Int? = nil,
        state: ReplicaState = .starting,
        health: Health = .unknown,
        restarts: Int = 0,
        lastExit: String? = nil,
        updatedAt: Date
    ) {
        self.environment = environment
        self.service = service
        self.index = index
        self.pid = pid
        self.startTime = startTime
        self.port = port
        self.state = state
        self.health = health
        self.restarts = restarts
        self.lastExit = lastExit
        self.updatedAt = updatedAt
    }
}
