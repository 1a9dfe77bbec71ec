/// A failure to find, create or prepare a local Postgres cluster.
public struct ClusterError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: Sendable, Hashable {
        /// No server binaries (of the requested version) were found.
        case notInstalled
        /// `initdb`, `cp`, `postgres --single` or another program failed.
        case commandFailed
        /// A file or directory could not be created, read or changed.
        case fileSystem
        /// The unprivileged run user cannot reach the data directory.
        case unreachableDirectory
        /// The data directory exists but is not usable (not a cluster, password lost while running).
        case unusableDataDirectory
        /// Creating roles or databases failed.
        case database
    }

    public var code: Code
    /// What failed and what to do, naming the path, program or database.
    public var message: String
    /// The tail of a failed program's output, if any.
    public var output: String?
    /// The underlying database error, if any.
    public var underlying: PGError?

    public init(_ code: Code, _ message: String, output: String? = nil, underlying: PGError? = nil) {
        self.code = code
        self.message = message
        self.output = output.map { String($0.suffix(2_000)).trimmingWhitespace() }
        self.underlying = underlying
    }

    public var description: String {
        var text = message
        if let underlying { text += ": \(underlying)" }
        if let output, !output.isEmpty { text += "\n" + output }
        return text
    }
}
