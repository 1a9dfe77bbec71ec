import Foundation
import GRDB

/// One environment known to the state database: a row of the `environment` table.
public struct EnvironmentRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, StoredDates {
    /// The environment's name, as in `environments/<name>.yaml`.
    public var name: String
    /// The manifest the environment was last brought up from.
    public var manifestPath: String
    /// A hash of the resolved manifest, to tell whether it changed since.
    public var manifestHash: String
    /// What the user last asked for.
    public var desiredState: DesiredState
    /// What the daemon last observed.
    public var observedState: EnvironmentState
    /// The port the router listens on, once chosen.
    public var routerPort: Int?
    /// The port Postgres listens on, once chosen (kept stable across restarts).
    public var postgresPort: Int?
    /// The supervisor daemon's pid, while one runs.
    public var daemonPid: Int32?
    /// The daemon's start time in clock ticks since boot (`/proc/<pid>/stat` field 22),
    /// so that a reused pid is never mistaken for the daemon.
    public var daemonStartTime: Int64?
    /// When the environment was first recorded.
    public var createdAt: Date
    /// When the row last changed.
    public var updatedAt: Date

    /// The table's columns, for queries.
    public enum Columns {
        public static let name = Column(CodingKeys.name)
        public static let manifestPath = Column(CodingKeys.manifestPath)
        public static let manifestHash = Column(CodingKeys.manifestHash)
        public static let desiredState = Column(CodingKeys.desiredState)
        public static let observedState = Column(CodingKeys.observedState)
        public static let routerPort = Column(CodingKeys.routerPort)
        public static let postgresPort = Column(CodingKeys.postgresPort)
        public static let daemonPid = Column(CodingKeys.daemonPid)
        public static let daemonStartTime = Column(CodingKeys.daemonStartTime)
        public static let createdAt = Column(CodingKeys.createdAt)
        public static let updatedAt = Column(CodingKeys.updatedAt)
    }

    /// The table's name.
    public static let databaseTableName = "environment"

    /// Creates an environment record; a new environment is stopped until brought up.
    public init(
        name: String,
        manifestPath: String,
        manifestHash: String,
        desiredState: DesiredState = .stopped,
        observedState: EnvironmentState = .stopped,
        routerPort: Int? = nil,
        postgresPort: Int? = nil,
        daemonPid: Int32? = nil,
        daemonStartTime: Int64? = nil,
        createdAt: Date,
        updatedAt: Date? = nil
    ) {
        self.name = name
        self.manifestPath = manifestPath
        self.manifestHash = manifestHash
        self.desiredState = desiredState
        self.observedState = observedState
        self.routerPort = routerPort
        self.postgresPort = postgresPort
        self.daemonPid = daemonPid
        self.daemonStartTime = daemonStartTime
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}
