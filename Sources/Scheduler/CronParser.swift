import Foundation

/// Parses the text of a cron expression into one bit set per field.
///
/// Offsets in errors count `Character`s from the start of the original text.
struct CronParser {
    /// A field's values as a bit set, and whether its text starts with `*` (Vixie cron's rule for
    /// deciding whether day of month and day of week combine with AND or OR).
    struct ParsedField: Hashable, Sendable {
        var mask: UInt64
        var startsWithWildcard: Bool
    }

    /// The macros and the five-field expressions they stand for.
    static let macros: [(name: String, expansion: String)] = [
        ("@yearly", "0 0 1 1 *"),
        ("@annually", "0 0 1 1 *"),
        ("@monthly", "0 0 1 * *"),
        ("@weekly", "0 0 * * 0"),
        ("@daily", "0 0 * * *"),
        ("@midnight", "0 0 * * *"),
        ("@hourly", "0 * * * *"),
    ]

    private let characters: [Character]

    init(_ text: String) {
        characters = Array(text)
    }

    /// Parses the whole text: either a macro or exactly five whitespace-separated fields.
    func parse() throws(CronParseError) -> [ParsedField] {
        let tokens = tokenRanges()
        if let first = tokens.first, characters[first.lowerBound] == "@" {
            return try parseMacro(tokens)
        }
        guard tokens.count == CronField.allCases.count else {
            let offset = tokens.count > 5 ? tokens[5].lowerBound : (tokens.last?.upperBound ?? 0)
            throw CronParseError(
                message: "expected 5 fields (minute hour day month weekday), found \(tokens.count)",
                offset: offset
            )
        }
        var fields: [ParsedField] = []
        for (field, range) in zip(CronField.allCases, tokens) {
            fields.append(try parseField(field, in: range))
        }
        return fields
    }

    // MARK: - Tokens

    private func tokenRanges() -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var index = 0
        while index < characters.count {
            while index < characters.count, characters[index].isWhitespace { index += 1 }
            let start = index
            while index < characters.count, !characters[index].isWhitespace { index += 1 }
            if index > start { ranges.append(start..<index) }
        }
        return ranges
    }

    private func text(_ range: Range<Int>) -> String {
        String(characters[range])
    }

    private func parseMacro(_ tokens: [Range<Int>]) throws(CronParseError) -> [ParsedField] {
        let name = text(tokens[0])
        guard let macro = Self.macros.first(where: { $0.name == name.lowercased() }) else {
            let known = Self.macros.map(\.name).joined(separator: ", ")
            throw CronParseError(
                message: "unknown macro '\(name)' (expected one of \(known))",
                offset: tokens[0].lowerBound
            )
        }
        if tokens.count > 1 {
            throw CronParseError(
                message: "macro '\(name)' takes no fields, found '\(text(tokens[1]))'",
                offset: tokens[1].lowerBound
            )
        }
        return try CronParser(macro.expansion).parse()
    }

    // MARK: - Fields

    private func parseField(_ field: CronField, in range: Range<Int>) throws(CronParseError) -> ParsedField {
        var mask: UInt64 = 0
        var itemStart = range.lowerBound
        while true {
            var itemEnd = itemStart
            while itemEnd < range.upperBound, characters[itemEnd] != "," { itemEnd += 1 }
            guard itemEnd > itemStart else {
                throw CronParseError(message: "\(field.name) list has an empty item", offset: itemStart)
            }
            mask |= try parseItem(field, in: itemStart..<itemEnd)
            if itemEnd == range.upperBound { break }
            itemStart = itemEnd + 1
        }
        if field == .dayOfWeek, mask & (1 << 7) != 0 {
            mask = (mask & ~(1 << 7)) | 1  // 7 is Sunday, like 0
        }
        return ParsedField(mask: mask, startsWithWildcard: characters[range.lowerBound] == "*")
    }

    /// Parses `*`, `a`, `a-b`, each optionally followed by `/n`.
    private func parseItem(_ field: CronField, in range: Range<Int>) throws(CronParseError) -> UInt64 {
        var index = range.lowerBound
        let end = range.upperBound
        var low: Int
        var high: Int
        var isSingleValue = false
        if characters[index] == "*" {
            index += 1
            low = field.bounds.lowerBound
            high = field.openEnd
        } else {
            let start = index
            low = try readValue(field, at: &index, end: end)
            high = low
            isSingleValue = true
            if index < end, characters[index] == "-" {
                index += 1
                guard index < end, characters[index] != "/" else {
                    throw CronParseError(
                        message: "\(field.name) range '\(text(start..<index))' is missing its end",
                        offset: index
                    )
                }
                high = try readValue(field, at: &index, end: end)
                isSingleValue = false
                guard low <= high else {
                    throw CronParseError(
                        message: "\(field.name) range \(text(start..<index)) is reversed (write the lower value first)",
                        offset: start
                    )
                }
            }
        }
        var step = 1
        if index < end, characters[index] == "/" {
            index += 1
            step = try readStep(field, at: &index, end: end)
            if isSingleValue { high = max(field.openEnd, low) }  // `a/n` means from a to the end
        }
        if index < end {
            throw unexpectedCharacter(field, at: index)
        }
        var mask: UInt64 = 0
        for value in stride(from: low, through: high, by: step) {
            mask |= 1 << UInt64(value)
        }
        return mask
    }

    private func readStep(_ field: CronField, at index: inout Int, end: Int) throws(CronParseError) -> Int {
        let start = index
        guard index < end else {
            throw CronParseError(message: "\(field.name) step is missing after '/'", offset: index)
        }
        let digits = scan(from: &index, end: end, while: \.isASCIIDigit)
        guard !digits.isEmpty else {
            let word = scan(from: &index, end: end, while: \.isASCIILetter)
            if word.isEmpty { throw unexpectedCharacter(field, at: start) }
            throw CronParseError(
                message: "\(field.name) step '\(word)' is not a number (expected 1-\(field.maximumStep))",
                offset: start
            )
        }
        guard let step = Int(digits), (1...field.maximumStep).contains(step) else {
            throw CronParseError(
                message: "\(field.name) step \(digits) is out of range 1-\(field.maximumStep)",
                offset: start
            )
        }
        return step
    }

    /// Reads a number or a name and checks it against the field's range.
    private func readValue(_ field: CronField, at index: inout Int, end: Int) throws(CronParseError) -> Int {
        let start = index
        let digits = scan(from: &index, end: end, while: \.isASCIIDigit)
        if !digits.isEmpty {
            guard let value = Int(digits), field.bounds.contains(value) else {
                let bounds = field.bounds
                throw CronParseError(
                    message: "\(field.name) value \(digits) is out of range \(bounds.lowerBound)-\(bounds.upperBound)",
                    offset: start
                )
            }
            return value
        }
        let word = scan(from: &index, end: end, while: \.isASCIILetter)
        guard !word.isEmpty else { throw unexpectedCharacter(field, at: start) }
        guard !field.names.isEmpty else {
            throw CronParseError(
                message: "\(field.name) value '\(word)' is not a number (expected \(field.allowed))",
                offset: start
            )
        }
        guard let position = field.names.firstIndex(of: word.lowercased()) else {
            throw CronParseError(
                message: "\(field.name) name '\(word)' is unknown (expected \(field.allowed))",
                offset: start
            )
        }
        return field.firstNamedValue + position
    }

    private func scan(from index: inout Int, end: Int, while predicate: (Character) -> Bool) -> String {
        let start = index
        while index < end, predicate(characters[index]) { index += 1 }
        return text(start..<index)
    }

    private func unexpectedCharacter(_ field: CronField, at index: Int) -> CronParseError {
        CronParseError(
            message: "unexpected character '\(characters[index])' in \(field.name) field "
                + "(expected \(field.allowed), '*', '-', '/' or ',')",
            offset: index
        )
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isWholeNumber }
    fileprivate var isASCIILetter: Bool { isASCII && isLetter }
}
