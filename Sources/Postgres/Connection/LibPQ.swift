import CLibPQ
import Glibc
import LibPQLoader

// The one file that imports CLibPQ: every libpq call lives here, behind Swift types, so the rest
// of the target never handles a C pointer. libpq itself is loaded on first use (LibPQLoader).

/// libpq's functions; only reached once `LibPQ.unavailable` said they are there.
private var pq: devenv_libpq { LibPQ.api!.pointee }

enum LibPQ {
    nonisolated(unsafe) static let api = devenv_libpq_load()

    /// Why libpq cannot be used (not installed), or nil.
    static var unavailable: PGError? {
        api == nil ? PGError(message: String(cString: devenv_libpq_error())) : nil
    }
}

/// One libpq connection handle (`PGconn`), used by one thread at a time.
final class LibPQConnection {
    private let handle: OpaquePointer

    /// The outcome of one statement: its status, rows as text, affected rows, or an error.
    struct Result {
        enum Status { case command, tuples, copyIn, copyOut, empty, error, other }
        var status: Status
        var rows: [[String?]] = []
        var affectedRows: Int = 0
        var commandTag: String = ""
        var error: PGError?
    }

    enum TransactionStatus { case idle, active, inTransaction, failedTransaction, unknown }

    private init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        pq.PQfinish!(handle)
    }

    /// Connects with `PQconnectdbParams`; the first `dbname` may be a URL or conninfo string.
    static func connect(_ parameters: [(String, String)]) throws(PGError) -> LibPQConnection {
        if let unavailable = LibPQ.unavailable { throw unavailable }
        let connection: OpaquePointer? = withCStrings(parameters.map(\.0)) { keywords in
            withCStrings(parameters.map(\.1)) { values in
                pq.PQconnectdbParams!(keywords, values, 1)
            }
        }
        guard let connection else { throw PGError(message: "out of memory while connecting") }
        let wrapped = LibPQConnection(handle: connection)
        guard pq.PQstatus!(connection) == CONNECTION_OK else {
            throw PGError(message: wrapped.errorMessage)
        }
        // libpq prints NOTICEs ("… already exists, skipping") to stderr by default: not ours to print.
        _ = pq.PQsetNoticeProcessor!(connection, { _, _ in }, nil)
        return wrapped
    }

    /// `PQpingParams` on a URL or conninfo string.
    static func ping(_ conninfo: String) -> PGPingResult {
        guard LibPQ.unavailable == nil else { return .noAttempt }
        let result = withCStrings(["dbname"]) { keywords in
            withCStrings([conninfo]) { values in pq.PQpingParams!(keywords, values, 1) }
        }
        switch result {
        case PQPING_OK: return .ok
        case PQPING_REJECT: return .rejecting
        case PQPING_NO_RESPONSE: return .noResponse
        default: return .noAttempt
        }
    }

    /// The parameters of a URL or conninfo string (`user`, `dbname`, …), nil if it is invalid.
    static func parse(_ conninfo: String) -> [String: String]? {
        guard LibPQ.unavailable == nil else { return nil }
        guard let options = pq.PQconninfoParse!(conninfo, nil) else { return nil }
        defer { pq.PQconninfoFree!(options) }
        var parameters: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { parameters[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        return parameters
    }

    var errorMessage: String {
        let text = pq.PQerrorMessage!(handle).map { String(cString: $0) } ?? "unknown libpq error"
        return text.trimmingWhitespace()
    }

    /// Whether the connection is still up (false once the server went away).
    var isConnected: Bool {
        pq.PQstatus!(handle) == CONNECTION_OK
    }

    var transactionStatus: TransactionStatus {
        switch pq.PQtransactionStatus!(handle) {
        case PQTRANS_IDLE: return .idle
        case PQTRANS_ACTIVE: return .active
        case PQTRANS_INTRANS: return .inTransaction
        case PQTRANS_INERROR: return .failedTransaction
        default: return .unknown
        }
    }

    /// Queues a simple-protocol query (one or more statements); read it with `nextResult()`.
    func sendQuery(_ sql: String) throws(PGError) {
        guard pq.PQsendQuery!(handle, sql) == 1 else { throw PGError(message: errorMessage) }
    }

    /// Queues an extended-protocol query with text parameters; read it with `nextResult()`.
    func sendQuery(_ sql: String, parameters: [String?]) throws(PGError) {
        let duplicates = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { duplicates.forEach { free($0) } }
        let pointers: [UnsafePointer<CChar>?] = duplicates.map { $0.map { UnsafePointer($0) } }
        let sent = pointers.withUnsafeBufferPointer { values in
            pq.PQsendQueryParams!(handle, sql, Int32(parameters.count), nil, values.baseAddress, nil, nil, 0)
        }
        guard sent == 1 else { throw PGError(message: errorMessage) }
    }

    /// The next result of the current query, converted and freed; nil once the query is done.
    func nextResult() -> Result? {
        guard let result = pq.PQgetResult!(handle) else { return nil }
        defer { pq.PQclear!(result) }
        var converted = Result(status: .other)
        converted.commandTag = pq.PQcmdStatus!(result).map { String(cString: $0) } ?? ""
        converted.affectedRows = pq.PQcmdTuples!(result).flatMap { Int(String(cString: $0)) } ?? 0
        switch pq.PQresultStatus!(result) {
        case PGRES_COMMAND_OK: converted.status = .command
        case PGRES_EMPTY_QUERY: converted.status = .empty
        case PGRES_COPY_IN: converted.status = .copyIn
        case PGRES_COPY_OUT: converted.status = .copyOut
        case PGRES_TUPLES_OK:
            converted.status = .tuples
            converted.rows = Self.rows(of: result)
        case PGRES_FATAL_ERROR, PGRES_BAD_RESPONSE, PGRES_NONFATAL_ERROR:
            converted.status = .error
            converted.error = Self.error(of: result, fallback: errorMessage)
        default:
            converted.status = .other
        }
        return converted
    }

    /// Sends one chunk of COPY data; false when the server ended the COPY (read the error next).
    func putCopyData(_ chunk: UnsafeRawBufferPointer) -> Bool {
        guard let base = chunk.baseAddress, !chunk.isEmpty else { return true }
        return pq.PQputCopyData!(handle, base.assumingMemoryBound(to: CChar.self), Int32(chunk.count)) == 1
    }

    /// Ends a COPY: successfully, or with `failure` as the reason the server reports.
    func putCopyEnd(failure: String? = nil) -> Bool {
        pq.PQputCopyEnd!(handle, failure) == 1
    }

    /// Reads and discards the rest of a `COPY … TO STDOUT` the caller did not ask to stream.
    func discardCopyOut() {
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let count = pq.PQgetCopyData!(handle, &buffer, 0)
            if let buffer { pq.PQfreemem!(buffer) }
            if count < 0 { return }
        }
    }

    /// A SCRAM-SHA-256 verifier for `password`, computed client-side so the password itself
    /// never reaches the server (or its logs).
    func encryptPassword(_ password: String, user: String) throws(PGError) -> String {
        guard let encrypted = pq.PQencryptPasswordConn!(handle, password, user, "scram-sha-256") else {
            throw PGError(message: errorMessage)
        }
        defer { pq.PQfreemem!(encrypted) }
        return String(cString: encrypted)
    }

    private static func rows(of result: OpaquePointer) -> [[String?]] {
        let rowCount = pq.PQntuples!(result), columnCount = pq.PQnfields!(result)
        var rows: [[String?]] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if pq.PQgetisnull!(result, row, column) == 1 {
                    values.append(nil)
                } else {
                    values.append(pq.PQgetvalue!(result, row, column).map { String(cString: $0) })
                }
            }
            rows.append(values)
        }
        return rows
    }

    private static func error(of result: OpaquePointer, fallback: String) -> PGError {
        func field(_ code: Character) -> String? {
            pq.PQresultErrorField!(result, Int32(code.asciiValue!)).map { String(cString: $0) }
        }
        var error = PGError(
            sqlState: field("C"), message: field("M") ?? fallback,
            detail: field("D"), hint: field("H"), context: field("W"), position: field("P").flatMap { Int($0) })
        error.line = PGError.copyLine(fromContext: error.context)
        return error
    }
}

/// Calls `body` with a NULL-terminated C array of the strings, valid for the call only.
private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let duplicates = strings.map { strdup($0) }
    defer { duplicates.forEach { free($0) } }
    let pointers: [UnsafePointer<CChar>?] = duplicates.map { $0.map { UnsafePointer($0) } } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
