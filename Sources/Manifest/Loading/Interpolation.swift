/// `${…}` interpolation of one string: the grammar of DESIGN.md's manifest contract.
///
/// - `$$` is a literal `$`; a `$` not followed by `{` is left as it is (so `$PORT` reaches the shell);
/// - `${NAME}`, `${NAME:-default}` (unset or empty), `${NAME-default}` (unset),
///   `${NAME:?message}` / `${NAME?message}` (required) read `variables`;
/// - `${postgres.port}` and other dotted paths become `Reference`s, resolved at run time.
struct Interpolation {
    struct Problem: Equatable {
        var message: String
        /// Offset in Unicode scalars from the start of the string.
        var offset: Int
    }

    let variables: (String) -> String?
    /// What `${NAME}` (without a default) becomes when NAME is unset; nil: it is an error.
    var unset: ((String) -> String)? = nil

    /// Interpolates `text`; problems are reported, and the template keeps what could be read.
    func interpolate(_ text: String) -> (Template, [Problem]) {
        let scalars = Array(text.unicodeScalars)
        var problems: [Problem] = []
        let template = parse(scalars, from: 0, to: scalars.count, problems: &problems)
        return (template, problems)
    }

    private func parse(_ s: [Unicode.Scalar], from start: Int, to end: Int, problems: inout [Problem]) -> Template {
        var template = Template([])
        var literal = String.UnicodeScalarView()
        var i = start
        func flush() {
            template.append(.literal(String(literal)))
            literal = String.UnicodeScalarView()
        }
        while i < end {
            let c = s[i]
            guard c == "$", i + 1 < end else {
                literal.append(c)
                i += 1
                continue
            }
            if s[i + 1] == "$" {
                literal.append("$")
                i += 2
                continue
            }
            guard s[i + 1] == "{" else {
                literal.append(c)
                i += 1
                continue
            }
            guard let close = matchingBrace(s, openAt: i + 1, end: end) else {
                problems.append(.init(message: "unterminated '${': add the closing '}' (write '$$' for a literal '$')", offset: i))
                literal.append(contentsOf: s[i..<end])
                i = end
                break
            }
            flush()
            template.append(contentsOf: expression(s, from: i + 2, to: close, dollarAt: i, problems: &problems))
            i = close + 1
        }
        flush()
        return template
    }

    /// The index of the `}` closing the `{` at `openAt`, counting nested `${…}`.
    private func matchingBrace(_ s: [Unicode.Scalar], openAt: Int, end: Int) -> Int? {
        var depth = 0
        var i = openAt
        while i < end {
            if s[i] == "$", i + 1 < end, s[i + 1] == "$" { i += 2; continue }
            if s[i] == "{" { depth += 1 }
            if s[i] == "}" {
                depth -= 1
                if depth == 0 { return i }
            }
            i += 1
        }
        return nil
    }

    private enum Modifier { case none, defaultIfUnsetOrEmpty, defaultIfUnset, requiredNonEmpty, required }

    private func expression(_ s: [Unicode.Scalar], from start: Int, to end: Int, dollarAt: Int,
                            problems: inout [Problem]) -> Template {
        var nameEnd = start
        while nameEnd < end, !["}", ":", "-", "?"].contains(s[nameEnd]) { nameEnd += 1 }
        let name = String(String.UnicodeScalarView(s[start..<nameEnd]))
        var modifier = Modifier.none
        var argumentStart = nameEnd
        if nameEnd < end {
            switch (s[nameEnd], nameEnd + 1 < end ? s[nameEnd + 1] : nil) {
            case (":", "-"): modifier = .defaultIfUnsetOrEmpty; argumentStart = nameEnd + 2
            case (":", "?"): modifier = .requiredNonEmpty; argumentStart = nameEnd + 2
            case ("-", _): modifier = .defaultIfUnset; argumentStart = nameEnd + 1
            case ("?", _): modifier = .required; argumentStart = nameEnd + 1
            default:
                problems.append(.init(message: "invalid '${\(String(String.UnicodeScalarView(s[start..<end])))}': use ${NAME}, ${NAME:-default} or ${NAME:?message}", offset: dollarAt))
                return Template([])
            }
        }
        if name.isEmpty {
            problems.append(.init(message: "empty '${}': name a variable, as in ${NAME}", offset: dollarAt))
            return Template([])
        }
        if name.contains(".") {
            if modifier != .none {
                problems.append(.init(message: "a reference such as ${\(name)} takes no default or message", offset: dollarAt))
                return Template([])
            }
            switch Reference.parse(name) {
            case .success(let reference): return Template([.reference(reference)])
            case .failure(let error):
                problems.append(.init(message: error.message, offset: dollarAt))
                return Template([])
            }
        }
        guard isVariableName(name) else {
            problems.append(.init(message: "invalid variable name '\(name)' in ${…}: use letters, digits and '_', not starting with a digit", offset: dollarAt))
            return Template([])
        }
        let value = variables(name)
        switch modifier {
        case .none:
            if let value { return Template(literal: value) }
            if let unset { return Template(literal: unset(name)) }
            problems.append(.init(message: "${\(name)} is not set: set \(name) in the environment or the env_file, or give a default as in ${\(name):-value}", offset: dollarAt))
            return Template([])
        case .defaultIfUnsetOrEmpty, .defaultIfUnset:
            if let value, !(modifier == .defaultIfUnsetOrEmpty && value.isEmpty) { return Template(literal: value) }
            var nested: [Problem] = []
            let fallback = parse(s, from: argumentStart, to: end, problems: &nested)
            problems.append(contentsOf: nested)
            return fallback
        case .required, .requiredNonEmpty:
            if let value, !(modifier == .requiredNonEmpty && value.isEmpty) { return Template(literal: value) }
            if value == nil, let unset { return Template(literal: unset(name)) }
            let message = String(String.UnicodeScalarView(s[argumentStart..<end]))
            let detail = message.isEmpty ? "it is required" : message
            problems.append(.init(message: "${\(name)} is not set: \(detail)", offset: dollarAt))
            return Template([])
        }
    }

    private func isVariableName(_ name: String) -> Bool {
        func isLetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_" }
        guard let first = name.unicodeScalars.first, isLetter(first) else { return false }
        return name.unicodeScalars.allSatisfy { isLetter($0) || ("0"..."9").contains($0) }
    }
}
