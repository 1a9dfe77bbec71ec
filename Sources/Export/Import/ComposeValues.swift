import Foundation
import Yams

/// How compose's values read as a manifest's.
enum ComposeValues {
    /// Compose interpolation as the manifest's: `$NAME` and `${NAME}` (empty when unset in
    /// compose, an error in devenv) become `${NAME:-}`; `${NAME:-x}`, `${NAME:?x}` and `$$` stay.
    static func interpolation(_ text: String) -> String {
        var result = "", index = text.startIndex
        func isNameCharacter(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_") }
        while index < text.endIndex {
            let c = text[index]
            let next = text.index(after: index)
            guard c == "$", next < text.endIndex else { result.append(c); index = next; continue }
            if text[next] == "$" { result += "$$"; index = text.index(after: next); continue }
            if text[next] == "{", let close = text[next...].firstIndex(of: "}") {
                let inner = text[text.index(after: next)..<close]
                result += inner.allSatisfy(isNameCharacter) && !inner.isEmpty ? "${\(inner):-}" : "${\(inner)}"
                index = text.index(after: close)
                continue
            }
            let name = text[next...].prefix(while: isNameCharacter)
            if let first = name.first, !first.isNumber {
                result += "${\(name):-}"
                index = text.index(next, offsetBy: name.count)
            } else {
                result += "$$"
                index = next
            }
        }
        return result
    }

    /// A compose duration (`1m30s`, `500ms`, `10s`) if the manifest reads it the same way.
    static func duration(_ node: Yams.Node?) -> String? {
        guard let text = node?.scalar?.string else { return nil }
        if text.hasSuffix("us") || text.hasSuffix("ns") { return nil }
        return text
    }

    /// `argv` as one shell command line, each word quoted where it needs to be.
    static func shellLine(_ argv: [String]) -> String {
        argv.map { word in
            let safe = !word.isEmpty && word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./:=@%+,".contains($0)) }
            return safe ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }

    /// Strings of a scalar or a list of scalars.
    static func strings(_ node: Yams.Node?) -> [String]? {
        if let scalar = node?.scalar { return [scalar.string] }
        return node?.sequence?.compactMap { $0.scalar?.string }
    }

    /// The port a container listens on, from a `ports:` entry in short or long form, and the one
    /// it is published at where they differ.
    static func port(_ node: Yams.Node) -> (target: Int, published: String?)? {
        if let mapping = node.mapping {
            guard let target = mapping["target"]?.int else { return nil }
            let published = mapping["published"]?.scalar?.string
            return (target, published == String(target) ? nil : published)
        }
        guard let text = node.scalar?.string else { return nil }
        let withoutProtocol = text.split(separator: "/").first.map(String.init) ?? text
        let parts = withoutProtocol.split(separator: ":").map(String.init)
        guard let last = parts.last, let target = Int(last) else { return nil }
        let published = parts.count > 1 ? parts[parts.count - 2] : nil
        return (target, published == last ? nil : published)
    }
}
