/// A manifest that cannot run here: a fixed port in use, a cycle. Nothing was changed.
public struct ConvergeError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }

    static func known(_ names: [String]) -> String {
        names.isEmpty ? "" : "; services: \(names.sorted().joined(separator: ", "))"
    }
}

extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
