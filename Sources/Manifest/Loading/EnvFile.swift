import Foundation

/// Reads an `env_file`: `KEY=VALUE` lines, `#` comments, optional `export`, quoted values.
enum EnvFile {
    static func parse(_ text: String, file: String) -> (values: [String: String], problems: [Diagnostic]) {
        var values: [String: String] = [:]
        var problems: [Diagnostic] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine)
            let indent = line.prefix { $0 == " " || $0 == "\t" }.count
            line = line.dropFirst(indent)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = line.dropFirst("export ".count).drop { $0 == " " } }
            let at = SourcePosition(file: file, line: index + 1, column: indent + 1)
            guard let equals = line.firstIndex(of: "=") else {
                problems.append(Diagnostic("expected KEY=VALUE, found '\(line)'", at: at))
                continue
            }
            let key = line[..<equals].trimmingSpaces()
            guard isName(key) else {
                problems.append(Diagnostic("invalid variable name '\(key)': use letters, digits and '_'", at: at))
                continue
            }
            switch value(of: line[line.index(after: equals)...]) {
            case .success(let value): values[String(key)] = value
            case .failure(let problem): problems.append(Diagnostic(problem.message, at: at))
            }
        }
        return (values, problems)
    }

    private struct Problem: Error { var message: String }

    private static func value(of raw: Substring) -> Result<String, Problem> {
        let text = raw.trimmingSpaces()
        guard let quote = text.first, quote == "\"" || quote == "'" else {
            // Unquoted: an inline comment starts at " #".
            if let comment = text.range(of: " #") { return .success(String(text[..<comment.lowerBound]).trimmingSpaces()) }
            return .success(String(text))
        }
        let body = text.dropFirst()
        guard let close = body.lastIndex(of: quote) else {
            return .failure(Problem(message: "unterminated \(quote)-quoted value: add the closing \(quote)"))
        }
        let inner = body[..<close]
        if quote == "'" { return .success(String(inner)) }
        var result = ""
        var escaped = false
        for c in inner {
            if escaped {
                switch c {
                case "n": result.append("\n")
                case "t": result.append("\t")
                default: result.append(c)
                }
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                result.append(c)
            }
        }
        return .success(result)
    }

    private static func isName(_ key: String) -> Bool {
        guard let first = key.first, first == "_" || first.isLetter, first.isASCII else { return false }
        return key.allSatisfy { $0.isASCII && ($0 == "_" || $0.isLetter || $0.isNumber) }
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
