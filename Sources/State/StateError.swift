/// A failure of the state store that is not a plain SQLite error: the database could not be
/// opened, or a row to update does not exist.
public struct StateError: Error, CustomStringConvertible {
    /// What kind of failure it is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name.
        public let rawValue: String
        /// The database file could not be created, opened or migrated.
        public static let cannotOpen = Code(rawValue: "cannotOpen")
        /// The environment, replica or schedule entry to update is not in the database.
        public static let notFound = Code(rawValue: "notFound")

        /// The code's name.
        public var description: String { rawValue }
    }

    /// What kind of failure it is.
    public let code: Code
    /// A sentence naming the file or row concerned.
    public let message: String
    /// The error that caused this one, if any (usually a GRDB `DatabaseError`).
    public let underlying: (any Error)?

    /// Creates a state error.
    public init(code: Code, message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The message, followed by the underlying error if there is one.
    public var description: String {
        guard let underlying else { return message }
        return "\(message): \(underlying)"
    }
}
