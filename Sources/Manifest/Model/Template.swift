import Foundation

/// A string from the manifest after `${NAME}` interpolation, still holding run-time references.
///
/// `${NAME}` variables are substituted while loading; `${postgres.port}` and friends stay as
/// `Reference`s until the environment runs and its ports and passwords are known.
public struct Template: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public enum Segment: Hashable, Sendable {
        case literal(String)
        case reference(Reference)
    }

    public private(set) var segments: [Segment]

    public init(_ segments: [Segment]) {
        self.segments = []
        for segment in segments { append(segment) }
    }

    public init(literal: String) {
        self.init([.literal(literal)])
    }

    public init(stringLiteral value: String) {
        self.init(literal: value)
    }

    mutating func append(_ segment: Segment) {
        if case .literal(let text) = segment {
            if text.isEmpty { return }
            if case .literal(let previous)? = segments.last {
                segments[segments.count - 1] = .literal(previous + text)
                return
            }
        }
        segments.append(segment)
    }

    mutating func append(contentsOf other: Template) {
        for segment in other.segments { append(segment) }
    }

    /// The references this template needs.
    public var references: [Reference] {
        segments.compactMap { if case .reference(let reference) = $0 { return reference } else { return nil } }
    }

    /// The text when the template has no references.
    public var literalValue: String? {
        var text = ""
        for segment in segments {
            guard case .literal(let part) = segment else { return nil }
            text += part
        }
        return text
    }

    /// Substitutes every reference; nil when `resolve` cannot answer one of them.
    public func resolved(_ resolve: (Reference) -> String?) -> String? {
        var text = ""
        for segment in segments {
            switch segment {
            case .literal(let part): text += part
            case .reference(let reference):
                guard let value = resolve(reference) else { return nil }
                text += value
            }
        }
        return text
    }

    /// The template written back in manifest syntax: references as `${…}`, a literal `${` as `$${`.
    public var description: String {
        segments.map { segment in
            switch segment {
            case .literal(let text): return text.replacingOccurrences(of: "${", with: "$${")
            case .reference(let reference): return "${\(reference)}"
            }
        }.joined()
    }
}
