/// The logs `devenv logs` shows: the sources found for the services asked for.
public struct LogSelection: Hashable, Sendable {
    public var environment: String
    /// `.devenv/<env>/logs`.
    public var directory: String
    /// The names asked for (`adder`, `adder.1`, `router`); empty for every source.
    public var names: [String]
    /// The sources present now, in output order.
    public var sources: [LogSource]
    /// Whether the logs directory exists: follow mode can wait for files only in a directory.
    public var directoryExists: Bool

    public init(environment: String, directory: String, names: [String], sources: [LogSource], directoryExists: Bool) {
        self.environment = environment
        self.directory = directory
        self.names = names
        self.sources = sources
        self.directoryExists = directoryExists
    }

    /// Whether `source` is one of those asked for (sources that appear later are asked about too).
    public func includes(_ source: LogSource) -> Bool {
        names.isEmpty || names.contains { $0 == source.service || $0 == source.prefix }
    }

    /// The width of the widest prefix, which every prefix is padded to.
    public var prefixWidth: Int {
        sources.map(\.prefix.count).max() ?? 0
    }

    /// What to tell the user when there is nothing to show, nil when there is.
    public var emptyNotice: String? {
        guard sources.isEmpty else { return nil }
        let what = names.isEmpty ? environment : "\(names.joined(separator: ", ")) in \(environment)"
        return "no logs yet for \(what): run devenv up \(environment)"
    }
}
