/// The bodies the CLI and the daemon exchange over the control socket (HTTP/JSON).
public enum ControlMessages {
    /// `POST /up`: converge to the manifest, read with the caller's environment variables.
    public struct Up: Codable, Sendable {
        public var variables: [String: String]
        public init(variables: [String: String]) { self.variables = variables }
    }

    /// `POST /restart`: one service, or all when nil.
    public struct Restart: Codable, Sendable {
        public var service: String?
        public init(service: String?) { self.service = service }
    }

    /// Any answer that is not a status: `ok`, or an `error` naming what failed.
    public struct Reply: Codable, Sendable {
        public var ok: Bool
        public var error: String?
        public init(ok: Bool, error: String? = nil) {
            self.ok = ok
            self.error = error
        }
    }
}
