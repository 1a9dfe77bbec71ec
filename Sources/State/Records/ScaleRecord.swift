import Foundation
import GRDB

/// A service scaled by `devenv scale`: its replica count, kept across `down` and `up` while the
/// manifest still says `manifestReplicas` (a changed manifest count replaces it). A row of `scale`.
public struct ScaleRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, StoredDates {
    public var environment: String
    public var service: String
    /// The count it was scaled to.
    public var replicas: Int
    /// The manifest's own count when it was scaled.
    public var manifestReplicas: Int
    public var updatedAt: Date

    /// The table's columns, for queries.
    public enum Columns {
        public static let environment = Column(CodingKeys.environment)
        public static let service = Column(CodingKeys.service)
        public static let replicas = Column(CodingKeys.replicas)
        public static let manifestReplicas = Column(CodingKeys.manifestReplicas)
        public static let updatedAt = Column(CodingKeys.updatedAt)
    }

    public static let databaseTableName = "scale"

    public init(environment: String, service: String, replicas: Int, manifestReplicas: Int, updatedAt: Date = Date()) {
        self.environment = environment
        self.service = service
        self.replicas = replicas
        self.manifestReplicas = manifestReplicas
        self.updatedAt = updatedAt
    }
}
