import Foundation
import NIOPosix
import Postgres

/// A few Postgres connections, each used on one of the pool's own threads.
///
/// libpq blocks, so every statement runs on an `NIOThreadPool` thread and no event loop ever
/// waits on the database. There are at most as many connections as threads; they are opened on
/// first use (the service starts even while Postgres is down) and a connection that fails is
/// closed, never reused: the next statement connects afresh, so a restarted Postgres is picked
/// up without restarting the service.
final class DatabasePool: @unchecked Sendable {
    struct Configuration: Sendable {
        var url: DatabaseURL
        /// Threads, so also the most connections open at once.
        var size: Int
        /// How long connecting may take: a database that does not answer fails the request
        /// rather than holding it.
        var connectTimeoutSeconds: Int
        /// What `pg_stat_activity` shows for the connections.
        var applicationName: String

        init(url: DatabaseURL, size: Int = 3, connectTimeoutSeconds: Int = 5, applicationName: String = "demo-app") {
            self.url = url
            self.size = size
            self.connectTimeoutSeconds = connectTimeoutSeconds
            self.applicationName = applicationName
        }
    }

    /// When a statement that failed with its connection is tried once more, on a new connection.
    /// Only a connection that sat idle in the pool is retried: one just opened failed for real.
    enum Retry: Sendable {
        /// For reads: on any connection failure (the server restarted while it sat idle).
        case onLostConnection
        /// For writes: only when the server said it ended the session (SQLSTATE class `57P`,
        /// e.g. `57P01` after a restart), so the statement was not applied. A connection that
        /// just broke may have applied it: that is reported, not retried.
        case ifNotApplied

        func allows(_ error: PGError) -> Bool {
            switch self {
            case .onLostConnection: return error.isConnectionFailure
            case .ifNotApplied: return error.sqlState?.hasPrefix("57P") ?? false
            }
        }
    }

    private let url: DatabaseURL
    /// Set on every connection, over what the URL says.
    private let parameters: [String: String]
    private let threads: NIOThreadPool
    private let lock = NSLock()
    private var idle: [PGConnection] = []  // guarded by `lock`

    init(_ configuration: Configuration) {
        url = configuration.url
        parameters = [
            "connect_timeout": String(configuration.connectTimeoutSeconds),
            "application_name": configuration.applicationName,
        ]
        threads = NIOThreadPool(numberOfThreads: max(1, configuration.size))
        threads.start()
    }

    /// Runs `body` with a connection, on a pool thread.
    func run<T: Sendable>(
        retry: Retry, _ body: @escaping @Sendable (PGConnection) throws(PGError) -> T
    ) async throws(DatabaseError) -> T {
        do {
            return try await threads.runIfActive { () throws(DatabaseError) -> T in
                try self.runBlocking(retry: retry, body)
            }
        } catch let error as DatabaseError {
            throw error
        } catch {
            throw DatabaseError(message: "the database pool is shut down: \(error)", isUnavailable: true)
        }
    }

    private func runBlocking<T>(retry: Retry, _ body: (PGConnection) throws(PGError) -> T) throws(DatabaseError) -> T {
        var retried = false
        while true {
            let (connection, reused) = try checkOut()
            do {
                let result = try body(connection)
                checkIn(connection)
                return result
            } catch where error.isConnectionFailure {
                connection.close()
                closeIdle()  // they were connected to the same server: most likely gone too
                if reused, !retried, retry.allows(error) {
                    retried = true
                    continue
                }
                throw DatabaseError(error, context: "the database connection failed", hiding: url)
            } catch {
                // The statement failed, the session is fine: keep it, unless a transaction is left open.
                if connection.isInTransaction { connection.close() } else { checkIn(connection) }
                throw DatabaseError(error, context: "the database refused the statement", hiding: url)
            }
        }
    }

    private func checkOut() throws(DatabaseError) -> (PGConnection, reused: Bool) {
        if let connection = lock.withLock({ idle.popLast() }) { return (connection, true) }
        do {
            return (try PGConnection(url: url.text, overriding: parameters), false)
        } catch {
            var failure = DatabaseError(error, context: "cannot connect to the database", hiding: url)
            failure.isUnavailable = true
            throw failure
        }
    }

    private func checkIn(_ connection: PGConnection) {
        lock.withLock { idle.append(connection) }
    }

    private func closeIdle() {
        let connections = lock.withLock {
            defer { idle.removeAll() }
            return idle
        }
        connections.forEach { $0.close() }
    }
}
