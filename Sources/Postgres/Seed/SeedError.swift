/// A seed that could not be applied. Its transaction rolled back: the database and the ledger
/// are as they were before the file.
public struct SeedError: Error, Sendable, CustomStringConvertible {
    public enum Code: Sendable, Hashable {
        /// The file differs from the one recorded as applied; `devenv seed --reset` re-applies all.
        case changedSinceApplied
        /// A statement or row failed (see `line`).
        case failed
        /// The file could not be read.
        case unreadable
        /// Neither `.sql` nor `.csv`.
        case unsupportedType
        /// The database could not be reached.
        case connection
        /// Taking or restoring the seeded snapshot failed.
        case snapshot
    }

    public var code: Code
    /// The file as the manifest names it (`seed/values.csv`); empty when no file is involved.
    public var file: String
    /// The failing line of the file, when known (a CSV row, or the line of a failing SQL statement).
    public var line: Int?
    /// What went wrong and, where there is one, what to do.
    public var message: String
    /// The server's error, if any.
    public var underlying: PGError?

    public init(_ code: Code, file: String, line: Int? = nil, message: String, underlying: PGError? = nil) {
        self.code = code
        self.file = file
        self.line = line
        self.message = message
        self.underlying = underlying
    }

    /// `seed/values.csv:17: invalid input syntax for type bigint: "x"`.
    public var description: String {
        if file.isEmpty { return message }
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
