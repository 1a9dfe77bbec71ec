/// Why the router could not start: a code, a message naming the address or file, and the cause.
public struct RouterError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        public var description: String { name }
        /// The router could not listen on its host and port (in use, not permitted, no such address).
        public static let bindFailed = Code(name: "bindFailed")
        /// The access log could not be opened.
        public static let accessLogUnavailable = Code(name: "accessLogUnavailable")
        /// `start()` was called twice, or after `shutdown()`.
        public static let invalidState = Code(name: "invalidState")
    }

    public var code: Code
    /// What failed, naming the address or file, and what to do.
    public var message: String
    /// The error underneath, if any.
    public var underlying: (any Error & Sendable)?

    public init(code: Code, message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        guard let underlying else { return message }
        return "\(message) (\(underlying))"
    }
}
