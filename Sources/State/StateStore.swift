import Foundation
import GRDB

/// The SQLite state database at `<root>/.devenv/state.db`: every environment's state, shared by
/// the CLI and the daemons.
///
/// It owns its GRDB writer; each method that changes rows runs in one write transaction.
/// Several stores (in several processes) may open the same file: it is in WAL mode, and a writer
/// waits for another's transaction instead of failing with `SQLITE_BUSY`.
public final class StateStore: Sendable {
    /// The database file, or nil for an in-memory store.
    public let path: String?
    /// The connection pool (file) or queue (in memory).
    let writer: any DatabaseWriter

    /// How long a writer waits for another connection's transaction before giving up.
    static let busyTimeout: TimeInterval = 10

    /// Opens (creating if needed) the state database at `path`, in WAL mode, and migrates it.
    ///
    /// - Parameter path: The database file; missing parent directories are created.
    /// - Throws: ``StateError`` with code ``StateError/Code/cannotOpen`` naming the file.
    public init(path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw StateError(
                code: .cannotOpen,
                message: "cannot create the state directory \(directory.path)",
                underlying: error
            )
        }
        do {
            self.writer = try Self.openPool(path: path)
            self.path = path
        } catch {
            throw StateError(
                code: .cannotOpen,
                message: "cannot open the state database \(path)",
                underlying: error
            )
        }
    }

    /// Opens a fresh, empty, migrated database in memory, for tests.
    public static func inMemory() throws -> StateStore {
        let queue = try DatabaseQueue(configuration: configuration())
        try migrate(queue)
        return StateStore(writer: queue)
    }

    private init(writer: any DatabaseWriter) {
        self.writer = writer
        self.path = nil
    }

    private static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "devenv.state"
        return configuration
    }

    /// Opens the pool and migrates, retrying while another process is opening the same file.
    ///
    /// Switching a fresh file to WAL needs an exclusive lock, and when two connections race for
    /// it SQLite answers `SQLITE_BUSY` at once instead of calling the busy handler. Opening is
    /// idempotent, so it is simply tried again.
    private static func openPool(path: String) throws -> DatabasePool {
        try retryingWhileBusy(for: busyTimeout) {
            let pool = try DatabasePool(path: path, configuration: configuration())
            try migrate(pool)
            return pool
        }
    }

    /// Runs `body` again, with a growing pause, while it fails with `SQLITE_BUSY`, until
    /// `timeout` has passed; any other error is thrown at once.
    static func retryingWhileBusy<T>(for timeout: TimeInterval, _ body: () throws -> T) throws -> T {
        let deadline = Date().addingTimeInterval(timeout)
        var pause: TimeInterval = 0.001
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                Thread.sleep(forTimeInterval: pause)
                pause = min(pause * 2, 0.1)
            }
        }
    }

    /// Applies the pending migrations, tolerating another process migrating the same file at once.
    ///
    /// GRDB picks the pending migrations before it takes the write lock, so when two processes
    /// open a fresh file together the later one re-runs a migration the other just committed and
    /// fails (each migration is its own transaction, so nothing is half-applied). It then looks
    /// again: while someone else made progress, retry; otherwise the failure is real.
    private static func migrate(_ writer: any DatabaseWriter) throws {
        while true {
            let before = try writer.read { db in try migrator.appliedIdentifiers(db) }
            // Up to date, the common case: no write barrier, nothing more to ask the file.
            if before.isSuperset(of: migrator.migrations) { return }
            do {
                try migrator.migrate(writer)
                return
            } catch {
                let after = try writer.read { db in try migrator.appliedIdentifiers(db) }
                guard after.isStrictSuperset(of: before) else { throw error }
            }
        }
    }

    /// The schema's history. Append-only: never edit a registered migration, add a new one.
    /// Names are literals, not record constants, so a migration means the same thing forever.
    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-initial") { db in
            try db.create(table: "environment") { t in
                t.primaryKey("name", .text)
                t.column("manifestPath", .text).notNull()
                t.column("manifestHash", .text).notNull()
                t.column("desiredState", .text).notNull()
                t.column("observedState", .text).notNull()
                t.column("routerPort", .integer)
                t.column("postgresPort", .integer)
                t.column("daemonPid", .integer)
                t.column("daemonStartTime", .integer)
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(table: "replica") { t in
                t.column("environment", .text).notNull()
                    .references("environment", onDelete: .cascade)
                t.column("service", .text).notNull()
                t.column("index", .integer).notNull()
                t.column("pid", .integer)
                t.column("startTime", .integer)
                t.column("port", .integer)
                t.column("state", .text).notNull()
                t.column("health", .text).notNull()
                t.column("restarts", .integer).notNull().defaults(to: 0)
                t.column("lastExit", .text)
                t.column("updatedAt", .datetime).notNull()
                t.primaryKey(["environment", "service", "index"])
            }
            try db.create(table: "event") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("time", .datetime).notNull()
                t.column("environment", .text).notNull()
                t.column("service", .text)
                t.column("kind", .text).notNull()
                t.column("message", .text).notNull()
            }
            try db.create(
                index: "event_on_environment_time", on: "event", columns: ["environment", "time"])
            try db.create(table: "seed") { t in
                t.column("environment", .text).notNull()
                t.column("database", .text).notNull()
                t.column("file", .text).notNull()
                t.column("sha256", .text).notNull()
                t.column("rows", .integer).notNull()
                t.column("appliedAt", .datetime).notNull()
                t.primaryKey(["environment", "database", "file"])
            }
            try db.create(table: "schedule") { t in
                t.column("environment", .text).notNull()
                t.column("position", .integer).notNull()
                t.column("cron", .text).notNull()
                t.column("action", .text).notNull()
                t.column("timezone", .text)
                t.column("nextFire", .datetime)
                t.column("lastFire", .datetime)
                t.primaryKey(["environment", "position"])
            }
        }
        migrator.registerMigration("v2-scale") { db in
            try db.create(table: "scale") { t in
                t.column("environment", .text).notNull()
                    .references("environment", onDelete: .cascade)
                t.column("service", .text).notNull()
                t.column("replicas", .integer).notNull()
                t.column("manifestReplicas", .integer).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.primaryKey(["environment", "service"])
            }
        }
        return migrator
    }
}
