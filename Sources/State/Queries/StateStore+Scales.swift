import Foundation
import GRDB

extension StateStore {
    /// The environment's scaled services.
    public func scales(environment: String) throws -> [ScaleRecord] {
        try writer.read { db in
            try ScaleRecord.filter { $0.environment == environment }.order(\.service).fetchAll(db)
        }
    }

    /// Records (or replaces) a service's scaled count.
    public func saveScale(_ scale: ScaleRecord) throws {
        try writer.write { db in try scale.save(db) }
    }

    /// Forgets a service's scaled count: the manifest's count holds again.
    public func deleteScale(environment: String, service: String) throws {
        try writer.write { db in
            _ = try ScaleRecord.filter { $0.environment == environment && $0.service == service }.deleteAll(db)
        }
    }
}
