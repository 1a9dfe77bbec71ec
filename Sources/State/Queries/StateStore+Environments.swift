import Foundation
import GRDB

extension StateStore {
    /// Inserts the environment, or replaces every column of the one with the same name.
    ///
    /// Its replicas, events, seeds and schedules are kept.
    public func saveEnvironment(_ environment: EnvironmentRecord) throws {
        try writer.write { db in try environment.upsert(db) }
    }

    /// The environment with this name, or nil if the database has never seen it.
    public func environment(named name: String) throws -> EnvironmentRecord? {
        try writer.read { db in try EnvironmentRecord.fetchOne(db, key: name) }
    }

    /// Every environment known to the database, sorted by name.
    public func environments() throws -> [EnvironmentRecord] {
        try writer.read { db in try EnvironmentRecord.order(\.name).fetchAll(db) }
    }

    /// Reads, changes and writes back one environment in a single transaction.
    ///
    /// - Parameters:
    ///   - name: The environment's name.
    ///   - now: Stamped on `updatedAt` before `update` runs (which may override it).
    ///   - update: Changes the record; its `name` must stay the same.
    /// - Returns: The record as written.
    /// - Throws: ``StateError`` with code ``StateError/Code/notFound`` if there is no such environment.
    @discardableResult
    public func updateEnvironment(
        named name: String,
        at now: Date = Date(),
        _ update: (inout EnvironmentRecord) -> Void
    ) throws -> EnvironmentRecord {
        try writer.write { db in
            guard var record = try EnvironmentRecord.fetchOne(db, key: name) else {
                throw StateError(code: .notFound, message: "no environment named '\(name)' in the state database")
            }
            record.updatedAt = now
            update(&record)
            precondition(record.name == name, "updateEnvironment must not rename '\(name)'")
            try record.update(db)
            return record
        }
    }

    /// Deletes the environment and everything recorded of it — replicas, events, seeds,
    /// schedules — in one transaction. Other environments are untouched.
    ///
    /// - Returns: Whether the environment row existed.
    @discardableResult
    public func purge(environment name: String) throws -> Bool {
        try writer.write { db in
            try EventRecord.filter { $0.environment == name }.deleteAll(db)
            try SeedRecord.filter { $0.environment == name }.deleteAll(db)
            try ScheduleRecord.filter { $0.environment == name }.deleteAll(db)
            // Replicas go with the environment row (ON DELETE CASCADE).
            return try EnvironmentRecord.deleteOne(db, key: name)
        }
    }
}

extension StateStore {
    /// A daemon taking over an environment, in one write transaction: the environment's row is
    /// created if it is new, a predecessor recorded as running that `isGone` says is dead is
    /// noted as lost (`daemon-lost`), the new daemon's pid, start time and manifest path are set,
    /// and `daemon started` is recorded.
    ///
    /// - Parameter isGone: given the recorded pid and start time, whether that daemon is dead.
    /// - Returns: the pid of the lost predecessor, if there was one.
    @discardableResult
    public func registerDaemon(
        environment name: String, manifestPath: String, pid: Int32, startTime: Int64?, at now: Date = Date(),
        isGone: (Int32, Int64?) -> Bool
    ) throws -> Int32? {
        try writer.write { db in
            var lost: Int32?
            var record = try EnvironmentRecord.fetchOne(db, key: name)
                ?? EnvironmentRecord(name: name, manifestPath: manifestPath, manifestHash: "", observedState: .starting, createdAt: now)
            if let previous = record.daemonPid, isGone(previous, record.daemonStartTime) {
                lost = previous
                var event = EventRecord(time: now, environment: name, service: nil, kind: "daemon-lost",
                                        message: "the daemon (pid \(previous)) died without bringing \(name) down")
                try event.insert(db)
            }
            record.daemonPid = pid
            record.daemonStartTime = startTime
            record.manifestPath = manifestPath
            record.updatedAt = now
            try record.upsert(db)
            var started = EventRecord(time: now, environment: name, service: nil, kind: "daemon", message: "daemon started, pid \(pid)")
            try started.insert(db)
            return lost
        }
    }
}
