/// A YAML value with the position it came from, before it is typed into the model.
///
/// Keeping our own tree (rather than Yams' `Node`) lets every value carry its file, so a merged
/// `extends` chain still reports each mistake where it was written.
struct Node: Hashable, Sendable {
    enum Value: Hashable, Sendable {
        case scalar(Scalar)
        case mapping([Entry])
        case sequence([Node])
    }

    struct Scalar: Hashable, Sendable {
        /// The scalar's text as written (after YAML unquoting).
        var text: String
        /// Plain (unquoted) scalars may be `null`, booleans or numbers; quoted ones are strings.
        var isPlain: Bool
        /// Column offset of the first character of `text` from the node's position (1 when quoted).
        var textOffset: Int
        /// Set by interpolation: the text with `${NAME}` substituted and references kept.
        var template: Template?
        /// Interpolation failed and said so: typing it again would only repeat the problem.
        var isBroken = false
    }

    struct Entry: Hashable, Sendable {
        var key: String
        var keyPosition: SourcePosition
        var value: Node
    }

    var value: Value
    var position: SourcePosition

    /// `~`, `null` or nothing, unquoted: "no value", which removes a key in an overlay.
    var isNull: Bool {
        guard case .scalar(let scalar) = value, scalar.isPlain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.text)
    }

    /// The mapping's entries, or nil when this is not a mapping.
    var entries: [Entry]? {
        if case .mapping(let entries) = value { return entries }
        return nil
    }

    /// The value under `key` in a mapping.
    subscript(key: String) -> Node? {
        entries?.first { $0.key == key }?.value
    }

    /// What the user wrote this as, for "expected a mapping, found a list" messages.
    var kindName: String {
        switch value {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let scalar):
            if isNull { return "nothing (null)" }
            return "'\(scalar.text)'"
        }
    }
}
