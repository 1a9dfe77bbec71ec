/// One libpq connection to a Postgres server.
///
/// Not shared across threads concurrently: one caller at a time (hence `@unchecked Sendable`,
/// which lets a connection move between tasks).
public final class PGConnection: @unchecked Sendable {
    private var connection: LibPQConnection?

    /// Connects to a `postgresql://` URL or a `host=… port=…` conninfo string.
    public convenience init(url: String) throws(PGError) {
        try self.init(url: url, overriding: [:])
    }

    /// Connects to `url` with some of its parameters replaced, e.g. `["dbname": "postgres"]`.
    public init(url: String, overriding parameters: [String: String]) throws(PGError) {
        var all = [("connect_timeout", "10"), ("fallback_application_name", "devenv"), ("dbname", url)]
        all += parameters.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        connection = try LibPQConnection.connect(all)
    }

    /// Whether a server answers at `url` (`PQpingParams`): no credentials are checked.
    /// Why libpq (loaded on first use) cannot be loaded here, or nil when it can.
    public static var clientLibraryProblem: String? {
        LibPQ.unavailable?.message
    }

    public static func ping(url: String) -> PGPingResult {
        LibPQConnection.ping(url)
    }

    /// The parameters of a URL or conninfo string (`user`, `dbname`, `host`, …); nil if invalid.
    public static func parameters(of url: String) -> [String: String]? {
        LibPQConnection.parse(url)
    }

    /// Runs one or more statements with the simple protocol.
    ///
    /// - Returns: the rows affected by the last statement (0 for statements that affect none).
    /// - Throws: the first statement's error; later statements do not run.
    @discardableResult
    public func execute(_ sql: String) throws(PGError) -> Int {
        try executeEach(sql).last?.affectedRows ?? 0
    }

    /// Runs one statement with the extended protocol and text parameters (`$1`, `$2`, …).
    ///
    /// - Returns: the rows as text; `nil` for SQL NULL.
    public func query(_ sql: String, _ parameters: [String?] = []) throws(PGError) -> [[String?]] {
        let libpq = try open()
        try libpq.sendQuery(sql, parameters: parameters)
        return try collect(libpq).last?.rows ?? []
    }

    /// Runs `body` inside `BEGIN` … `COMMIT`; rolls back when `body` throws.
    ///
    /// - Throws: `body`'s error, or a `PGError` when the commit fails or the server rolled back
    ///   (an error inside `body` that was caught and ignored still aborts the transaction).
    public func transaction<T>(_ body: (PGConnection) throws -> T) throws -> T {
        try execute("BEGIN")
        let value: T
        do {
            value = try body(self)
        } catch {
            if connection?.transactionStatus != .idle { _ = try? execute("ROLLBACK") }
            throw error
        }
        let results = try executeEach("COMMIT")
        if results.last?.commandTag == "ROLLBACK" {
            throw PGError(sqlState: "25P02", message: "the transaction was rolled back: a statement in it failed")
        }
        return value
    }

    /// Closes the connection; later calls throw.
    public func close() {
        connection = nil
    }

    /// Whether the connection is open and still up; false after `close()` or once the server
    /// went away (a pool should then drop it).
    public var isConnected: Bool {
        connection?.isConnected ?? false
    }

    /// Whether the connection is inside a transaction block (open or failed).
    public var isInTransaction: Bool {
        switch connection?.transactionStatus {
        case .inTransaction, .failedTransaction, .active: return true
        default: return false
        }
    }

    /// A SCRAM-SHA-256 verifier for `password`, computed here so the server never sees it.
    public func scramVerifier(password: String, user: String) throws(PGError) -> String {
        try open().encryptPassword(password, user: user)
    }

    /// Runs a simple-protocol query and returns every statement's result.
    func executeEach(_ sql: String) throws(PGError) -> [LibPQConnection.Result] {
        let libpq = try open()
        try libpq.sendQuery(sql)
        return try collect(libpq)
    }

    func open() throws(PGError) -> LibPQConnection {
        guard let connection else { throw PGError(message: "the connection is closed") }
        return connection
    }

    /// Reads every result of the current query; throws the first error after draining.
    func collect(_ libpq: LibPQConnection) throws(PGError) -> [LibPQConnection.Result] {
        var results: [LibPQConnection.Result] = []
        var firstError: PGError?
        while let result = libpq.nextResult() {
            switch result.status {
            case .error:
                if firstError == nil { firstError = result.error }
            case .copyIn:
                _ = libpq.putCopyEnd(failure: "COPY FROM STDIN is only supported through PGConnection.copy")
            case .copyOut:
                libpq.discardCopyOut()
            default:
                results.append(result)
            }
        }
        if let firstError { throw firstError }
        return results
    }

    /// `name` as a quoted SQL identifier: `"name"`, inner quotes doubled.
    public static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingAll("\"", with: "\"\"") + "\""
    }

    /// `text` as a quoted SQL string literal: `'text'`, inner quotes doubled.
    public static func quoteLiteral(_ text: String) -> String {
        let escaped = text.replacingAll("'", with: "''")
        return escaped.contains("\\") ? "E'" + escaped.replacingAll("\\", with: "\\\\") + "'" : "'" + escaped + "'"
    }
}
