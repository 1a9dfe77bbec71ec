import Yams

/// A YAML value built in code. Mappings keep the order their entries are written in, so a
/// document comes out the same every time; where order means nothing, callers sort.
public indirect enum YAMLValue: Hashable, Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case list([YAMLValue])
    case map([Entry])

    public struct Entry: Hashable, Sendable {
        public var key: String
        public var value: YAMLValue

        public init(_ key: String, _ value: YAMLValue) {
            self.key = key
            self.value = value
        }
    }

    /// A mapping with its entries sorted by key: for labels, environment and the like.
    static func sorted(_ values: [String: YAMLValue]) -> YAMLValue {
        .map(values.sorted { $0.key < $1.key }.map { Entry($0.key, $0.value) })
    }

    /// nil for an empty list or mapping, so the key that would hold it is left out.
    var nonEmpty: YAMLValue? {
        switch self {
        case .list(let items) where items.isEmpty: return nil
        case .map(let entries) where entries.isEmpty: return nil
        default: return self
        }
    }

    /// The value of `key` in a mapping.
    subscript(key: String) -> YAMLValue? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }

    /// The value as YAML text, one document, ending in a newline.
    public var text: String {
        (try? Yams.serialize(node: node, width: -1, sortKeys: false)) ?? ""
    }

    var node: Yams.Node {
        switch self {
        case .string(let text): return Self.string(text)
        case .int(let number): return Yams.Node(String(number), Tag(.int))
        case .bool(let flag): return Yams.Node(flag ? "true" : "false", Tag(.bool))
        case .list(let items): return Yams.Node(items.map(\.node))
        case .map(let entries): return Yams.Node(entries.map { (Self.string($0.key), $0.value.node) })
        }
    }

    /// A string scalar: quoted where a plain one would read as another type, a block for several lines.
    private static func string(_ text: String) -> Yams.Node {
        if text.contains("\n"), !text.hasPrefix(" "), !text.contains("\t"), !text.contains("\r") {
            return Yams.Node(text, Tag(.str), .literal)
        }
        let plainIsString = Yams.Resolver.default.resolveTag(of: Yams.Node(text)) == .str
        return Yams.Node(text, Tag(.str), plainIsString ? .any : .doubleQuoted)
    }
}

extension YAMLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: YAMLValue...) { self = .list(elements) }
    /// Entries in the order written; an entry whose value is nil is left out.
    public init(dictionaryLiteral elements: (String, YAMLValue?)...) {
        self = .map(elements.compactMap { key, value in value.map { Entry(key, $0) } })
    }
}

/// One YAML document of an export, with the comment lines that go above it.
public struct YAMLDocument: Hashable, Sendable {
    public var comment: [String]
    public var value: YAMLValue

    public init(_ value: YAMLValue, comment: [String] = []) {
        self.value = value
        self.comment = comment
    }

    public var text: String {
        comment.map { $0.isEmpty ? "#\n" : "# \($0)\n" }.joined() + value.text
    }
}
