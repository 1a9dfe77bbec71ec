import Postgres

/// The database could not be reached or refused a statement. Its text never holds the password.
struct DatabaseError: Error, Sendable, CustomStringConvertible {
    /// What failed, for people: `cannot connect to the database: connection refused …`.
    var message: String
    /// The server's SQLSTATE, when it sent one.
    var sqlState: String?
    /// Whether the database could not be reached (`503`), rather than refusing a statement (`500`).
    var isUnavailable: Bool

    var description: String { message }

    init(message: String, sqlState: String? = nil, isUnavailable: Bool = false) {
        self.message = message
        self.sqlState = sqlState
        self.isUnavailable = isUnavailable
    }

    init(_ error: PGError, context: String, hiding secret: DatabaseURL) {
        self.init(
            message: secret.redacting("\(context): \(error)"), sqlState: error.sqlState,
            isUnavailable: error.isConnectionFailure)
    }
}

extension PGError {
    /// Whether the connection itself failed (the server went away, restarted or refused the
    /// session), so the connection is dropped rather than reused. Errors libpq raises on its own
    /// side have no SQLSTATE; the server's connection failures are classes `08` and `57P`.
    var isConnectionFailure: Bool {
        guard let sqlState else { return true }
        return sqlState.hasPrefix("08") || sqlState.hasPrefix("57P")
    }
}
