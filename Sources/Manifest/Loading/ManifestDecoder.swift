/// Types the interpolated `Node` tree into the model, collecting a diagnostic for every
/// unknown key, wrong type and bad value rather than stopping at the first.
final class ManifestDecoder {
    var log = DiagnosticLog()
    /// Where each decoded value was written, by dotted path (`services.adder.port`), for the validator.
    var positions: [String: SourcePosition] = [:]
    /// Where each key was written, by dotted path.
    private(set) var keyPositions: [String: SourcePosition] = [:]

    func error(_ message: String, at position: SourcePosition) {
        log.error(message, at: position)
    }

    func position(of path: String) -> SourcePosition? { positions[path] }
    func keyPosition(of path: String) -> SourcePosition? { keyPositions[path] ?? positions[path] }

    /// The entries of a mapping, reporting unknown keys (with the nearest valid one) and a non-mapping.
    func mapping(_ node: Node, path: String, allowed: [String]) -> [Node.Entry]? {
        positions[path] = node.position
        guard let entries = node.entries else {
            error("\(path.isEmpty ? "the manifest" : path): expected a mapping, found \(node.kindName)", at: node.position)
            return nil
        }
        var known: [Node.Entry] = []
        for entry in entries {
            let entryPath = join(path, entry.key)
            keyPositions[entryPath] = entry.keyPosition
            positions[entryPath] = entry.value.position
            if allowed.contains(entry.key) {
                known.append(entry)
            } else {
                let place = path.isEmpty ? "at the top level" : "in \(path)"
                error("unknown key '\(entry.key)' \(place)" + Suggestion.hint(for: entry.key, in: allowed)
                    + (Suggestion.nearest(to: entry.key, in: allowed) == nil ? "; valid keys: \(allowed.joined(separator: ", "))" : ""),
                      at: entry.keyPosition)
            }
        }
        return known
    }

    /// Entries of a mapping whose keys are names chosen by the user (services, env, databases).
    func namedMapping(_ node: Node, path: String) -> [Node.Entry]? {
        mapping(node, path: path, allowed: node.entries?.map(\.key) ?? [])
    }

    func list(_ node: Node, path: String) -> [Node]? {
        positions[path] = node.position
        guard case .sequence(let items) = node.value else {
            error("\(path): expected a list, found \(node.kindName)", at: node.position)
            return nil
        }
        for (index, item) in items.enumerated() { positions[join(path, String(index))] = item.position }
        return items
    }

    /// A scalar as a template: references allowed.
    func template(_ node: Node, path: String) -> Template? {
        guard case .scalar(let scalar) = node.value else {
            error("\(path): expected a string, found \(node.kindName)", at: node.position)
            return nil
        }
        if scalar.isBroken { return nil }
        return scalar.template ?? Template(literal: scalar.text)
    }

    /// A scalar as plain text: run-time references are not allowed here.
    func string(_ node: Node, path: String) -> String? {
        guard let template = template(node, path: path) else { return nil }
        guard let text = template.literalValue else {
            let names = template.references.map { "${\($0)}" }.joined(separator: ", ")
            error("\(path): \(names) is only known at run time; references are allowed in command, env and health.command", at: node.position)
            return nil
        }
        return text
    }

    func bool(_ node: Node, path: String) -> Bool? {
        guard let text = string(node, path: path) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            error("\(path): expected true or false, found '\(text)'", at: node.position)
            return nil
        }
    }

    func integer(_ node: Node, path: String, in range: ClosedRange<Int>, what: String = "a whole number") -> Int? {
        guard let text = string(node, path: path) else { return nil }
        guard let value = Int(text) else {
            error("\(path): expected \(what), found '\(text)'", at: node.position)
            return nil
        }
        guard range.contains(value) else {
            error("\(path): \(value) is out of range \(range.lowerBound)-\(range.upperBound)", at: node.position)
            return nil
        }
        return value
    }

    func port(_ node: Node, path: String) -> PortSetting? {
        guard let text = string(node, path: path) else { return nil }
        if text == "auto" { return .auto }
        guard let value = Int(text), (1...65535).contains(value) else {
            error("\(path): invalid port '\(text)': use a number from 1 to 65535, or auto", at: node.position)
            return nil
        }
        return .fixed(value)
    }

    func duration(_ node: Node, path: String) -> Duration? {
        guard let text = string(node, path: path) else { return nil }
        switch DurationText.parse(text) {
        case .success(let duration): return duration
        case .failure(let problem):
            error("\(path): \(problem.message)", at: node.position)
            return nil
        }
    }

    func choice<T: RawRepresentable & CaseIterable>(_ node: Node, path: String, as type: T.Type) -> T?
    where T.RawValue == String {
        guard let text = string(node, path: path) else { return nil }
        if let value = T(rawValue: text) { return value }
        let names = T.allCases.map(\.rawValue)
        error("\(path): '\(text)' is not one of \(names.joined(separator: ", "))" + Suggestion.hint(for: text, in: names),
              at: node.position)
        return nil
    }

    /// `env:` style maps of names to string templates.
    func environment(_ node: Node, path: String) -> [String: Template] {
        var result: [String: Template] = [:]
        for entry in namedMapping(node, path: path) ?? [] {
            let entryPath = join(path, entry.key)
            if entry.key.isEmpty || entry.key.contains("=") {
                error("\(path): invalid variable name '\(entry.key)'", at: entry.keyPosition)
                continue
            }
            if let value = template(entry.value, path: entryPath) { result[entry.key] = value }
        }
        return result
    }

    func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }
}

/// Durations as written in manifests: `250ms`, `2s`, `1m30s`, `1h`, `1.5s`.
public enum DurationText {
    public struct Problem: Error, Sendable { public var message: String }

    public static func parse(_ text: String) -> Result<Duration, Problem> {
        let invalid = Problem(message: "invalid duration '\(text)': write a number with a unit, as in 250ms, 2s, 1m30s or 1h")
        var total = Duration.zero
        var rest = Substring(text)
        if rest.isEmpty { return .failure(invalid) }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isASCII && $0.isLetter }
            rest = rest.dropFirst(unit.count)
            guard let value = Double(number), value.isFinite else { return .failure(invalid) }
            let seconds: Double
            switch unit {
            case "ms": seconds = value / 1000
            case "s": seconds = value
            case "m": seconds = value * 60
            case "h": seconds = value * 3600
            case "": return .failure(Problem(message: "duration '\(text)' needs a unit: \(number)s or \(number)ms"))
            default: return .failure(invalid)
            }
            guard seconds < 366 * 24 * 3600 else { return .failure(Problem(message: "duration '\(text)' is too long")) }
            total += .milliseconds(Int64((seconds * 1000).rounded()))
        }
        return .success(total)
    }

    /// Formats a duration the way a manifest writes it: `1m30s`, `250ms`.
    public static func format(_ duration: Duration) -> String {
        var milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        if milliseconds == 0 { return "0s" }
        var parts = ""
        for (unit, size) in [("h", Int64(3_600_000)), ("m", 60_000), ("s", 1000), ("ms", 1)] where milliseconds >= size {
            parts += "\(milliseconds / size)\(unit)"
            milliseconds %= size
        }
        return parts
    }
}
