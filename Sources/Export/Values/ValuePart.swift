import Manifest

/// A piece of a string as an export writes it: plain text, a key of a secret, or a variable the
/// manifest reads from the environment but that was not set when it was exported.
enum ValuePart: Hashable, Sendable {
    case literal(String)
    case secret(SecretKey)
    case variable(String)

    /// The parts of `template`, its references mapped by `resolve`, adjacent text joined.
    static func parts(of template: Template, resolve: (Reference) -> [ValuePart]) -> [ValuePart] {
        var parts: [ValuePart] = []
        for segment in template.segments {
            switch segment {
            case .literal(let text): parts += UnsetVariable.split(text)
            case .reference(let reference): parts += resolve(reference)
            }
        }
        return joined(parts)
    }

    /// `parts` with adjacent text joined and empty text dropped.
    static func joined(_ parts: [ValuePart]) -> [ValuePart] {
        var result: [ValuePart] = []
        for part in parts {
            if case .literal(let text) = part {
                if text.isEmpty { continue }
                if case .literal(let previous)? = result.last {
                    result[result.count - 1] = .literal(previous + text)
                    continue
                }
            }
            result.append(part)
        }
        return result
    }
}

/// One key of a Kubernetes Secret (in compose: a variable the user sets).
struct SecretKey: Hashable, Sendable, Comparable {
    var secret: String
    var key: String

    static func < (lhs: SecretKey, rhs: SecretKey) -> Bool {
        (lhs.secret, lhs.key) < (rhs.secret, rhs.key)
    }

    /// An environment variable name for this key: `DEVENV_POSTGRES_APP_URL`.
    var variableName: String {
        "DEVENV_" + String("\(secret)_\(key)".uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}

/// What `${NAME}` becomes when an export loads a manifest and NAME is set nowhere: a marker the
/// exporter turns into a placeholder in a Secret (Kubernetes) or a `${NAME}` of compose's own, so
/// no value is ever read from the exporting shell.
public enum UnsetVariable {
    private static let open: Character = "\u{E000}", close: Character = "\u{E001}"

    /// The marker for NAME, to pass as `ManifestLoader.unsetVariable`.
    @Sendable public static func marker(_ name: String) -> String { "\(open)\(name)\(close)" }

    /// `text` cut into literal text and the variables marked in it.
    static func split(_ text: String) -> [ValuePart] {
        guard text.contains(open) else { return [.literal(text)] }
        var parts: [ValuePart] = []
        var rest = Substring(text)
        while let start = rest.firstIndex(of: open), let end = rest[start...].firstIndex(of: close) {
            parts.append(.literal(String(rest[..<start])))
            parts.append(.variable(String(rest[rest.index(after: start)..<end])))
            rest = rest[rest.index(after: end)...]
        }
        parts.append(.literal(String(rest)))
        return ValuePart.joined(parts)
    }

    /// The names marked anywhere in `text`.
    static func names(in text: String) -> [String] {
        split(text).compactMap { if case .variable(let name) = $0 { return name } else { return nil } }
    }
}
