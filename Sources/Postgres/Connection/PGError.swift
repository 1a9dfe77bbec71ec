/// A failure reported by libpq or the server: SQLSTATE, message, detail and, for COPY, the line.
public struct PGError: Error, Sendable, CustomStringConvertible {
    /// The five-character SQLSTATE (e.g. `42P01`), when the server sent one.
    public var sqlState: String?
    /// The primary human-readable message.
    public var message: String
    /// The server's DETAIL, if any.
    public var detail: String?
    /// The server's HINT, if any.
    public var hint: String?
    /// The server's CONTEXT (for COPY: `COPY t, line 17, column v: "x"`), if any.
    public var context: String?
    /// For COPY: the line of the input file the server was reading when it failed (1-based;
    /// a header line counts as line 1).
    public var line: Int?
    /// Where in the statement text the error is, in characters from 1 (e.g. a syntax error).
    public var position: Int?

    public init(
        sqlState: String? = nil, message: String, detail: String? = nil, hint: String? = nil,
        context: String? = nil, line: Int? = nil, position: Int? = nil
    ) {
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.context = context
        self.line = line
        self.position = position
    }

    public var description: String {
        var text = message
        if let sqlState { text = "\(sqlState): " + text }
        if let line { text = "line \(line): " + text }
        if let detail { text += " (\(detail))" }
        if let hint { text += " hint: \(hint)" }
        return text
    }

    /// The line number in a COPY error context such as `COPY t, line 17, column v: "x"`.
    static func copyLine(fromContext context: String?) -> Int? {
        guard let context, context.hasPrefix("COPY ") else { return nil }
        guard let range = context.firstRange(of: ", line ") else { return nil }
        let digits = context[range.upperBound...].prefix { $0.isNumber }
        return Int(digits)
    }

    /// The 1-based line of `text` that character `position` (1-based, as the server counts
    /// characters) falls on.
    static func line(ofPosition position: Int, in text: String) -> Int {
        var line = 1
        for (index, scalar) in text.unicodeScalars.enumerated() {
            if index >= position - 1 { break }
            if scalar == "\n" { line += 1 }
        }
        return line
    }
}
