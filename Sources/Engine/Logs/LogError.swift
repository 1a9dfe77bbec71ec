/// A problem reading an environment's logs: an unknown service, or a file that cannot be read.
public struct LogError: Error, Sendable, CustomStringConvertible {
    public enum Code: Hashable, Sendable {
        /// A service named on the command line has neither logs nor a place in the manifest.
        case unknownService
        /// A log file or the logs directory could not be read or watched.
        case unreadable
    }

    public var code: Code
    public var message: String
    /// The known services, for `unknownService`.
    public var knownServices: [String]

    public init(_ code: Code, _ message: String, knownServices: [String] = []) {
        self.code = code
        self.message = message
        self.knownServices = knownServices
    }

    public var description: String { message }
}
