/// What one health probe found.
public enum ProbeResult: Sendable, Hashable, CustomStringConvertible {
    /// The check passed.
    case healthy
    /// The check failed; `reason` says how, for a person reading `status` or the events, e.g.
    /// `"GET http://127.0.0.1:40001/health: 503 Service Unavailable"`,
    /// `"connection refused to 127.0.0.1:40001"` or `"timed out after 1s"`.
    case unhealthy(reason: String)
    /// The check failed because nothing listens on the (loopback) port yet, found without a
    /// round trip: as unhealthy as any failure, but cheap enough to ask again soon, as a
    /// starting server's supervisor does.
    case refused(reason: String)

    /// Whether the check passed.
    public var isHealthy: Bool {
        self == .healthy
    }

    /// Why the check failed, or `nil` when it passed.
    public var reason: String? {
        switch self {
        case .healthy: nil
        case .unhealthy(let reason), .refused(let reason): reason
        }
    }

    /// `"healthy"` or `"unhealthy: <reason>"`.
    public var description: String {
        switch self {
        case .healthy: "healthy"
        case .unhealthy(let reason), .refused(let reason): "unhealthy: \(reason)"
        }
    }
}
