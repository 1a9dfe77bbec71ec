import Foundation
import GRDB

extension StateStore {
    /// Replaces the environment's schedule with `schedules`, in one transaction.
    ///
    /// An entry whose `lastFire` is nil inherits the `lastFire` of the old entry at the same
    /// position if that one had the same cron, action and time zone, so reloading an unchanged
    /// manifest does not forget when its entries last fired.
    ///
    /// - Parameter schedules: The new entries; each must name `environment`.
    public func replaceSchedules(environment: String, _ schedules: [ScheduleRecord]) throws {
        precondition(schedules.allSatisfy { $0.environment == environment }, "schedules of another environment")
        try writer.write { db in
            let old = try ScheduleRecord.filter { $0.environment == environment }.fetchAll(db)
            let oldByPosition = Dictionary(old.map { ($0.position, $0) }, uniquingKeysWith: { first, _ in first })
            try ScheduleRecord.filter { $0.environment == environment }.deleteAll(db)
            for var schedule in schedules {
                if schedule.lastFire == nil, let previous = oldByPosition[schedule.position],
                    previous.cron == schedule.cron, previous.action == schedule.action,
                    previous.timezone == schedule.timezone
                {
                    schedule.lastFire = previous.lastFire
                }
                try schedule.insert(db)
            }
        }
    }

    /// The environment's schedule, by position.
    public func schedules(environment: String) throws -> [ScheduleRecord] {
        try writer.read { db in
            try ScheduleRecord.filter { $0.environment == environment }.order(\.position).fetchAll(db)
        }
    }

    /// Reads, changes and writes back one schedule entry in a single transaction, e.g. to record
    /// that it fired and when it fires next.
    ///
    /// - Returns: The record as written.
    /// - Throws: ``StateError`` with code ``StateError/Code/notFound`` if there is no such entry.
    @discardableResult
    public func updateSchedule(
        environment: String,
        position: Int,
        _ update: (inout ScheduleRecord) -> Void
    ) throws -> ScheduleRecord {
        try writer.write { db in
            let key: [String: any DatabaseValueConvertible] = ["environment": environment, "position": position]
            guard var record = try ScheduleRecord.fetchOne(db, key: key) else {
                throw StateError(
                    code: .notFound,
                    message: "no schedule entry \(position) of environment '\(environment)' in the state database"
                )
            }
            update(&record)
            precondition(
                record.environment == environment && record.position == position,
                "updateSchedule must not change the key of entry \(position)"
            )
            try record.update(db)
            return record
        }
    }
}
