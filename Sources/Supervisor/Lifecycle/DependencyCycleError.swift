/// The services' `depends_on` entries form a cycle, so no start order exists.
public struct DependencyCycleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The services on the cycle, the first repeated at the end: `["a", "b", "a"]`.
    public var cycle: [String]

    /// Creates the error for this cycle path.
    public init(cycle: [String]) {
        self.cycle = cycle
    }

    /// `"dependency cycle: a → b → a"`.
    public var description: String {
        "dependency cycle: " + cycle.joined(separator: " → ")
    }
}
