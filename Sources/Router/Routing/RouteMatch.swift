/// What ``RouteTable/match(_:)`` found for a request target.
enum RouteMatch: Sendable, Equatable {
    /// A route matched.
    case some(Found)
    /// No route matches: `404`.
    case none
    /// The target cannot be routed at all: `400`, with the reason.
    case invalid(String)

    struct Found: Sendable, Equatable {
        /// Index into ``RouteTable/entries``.
        var route: Int
        /// Where the path starts in the target's bytes (after `http://host` in absolute form).
        var pathStart: Int
        /// Where the path ends: at `?`, `#`, or the end.
        var pathEnd: Int
        /// Where in the target the one sent upstream starts, when it differs from the client's:
        /// past a stripped prefix, or past `http://host` (absolute form made origin-form).
        var upstreamFrom: Int?

        /// The target sent upstream, for `target`: nil when it is the client's.
        func upstreamTarget(_ target: String) -> String? {
            guard let upstreamFrom else { return nil }
            let rest = String(decoding: target.utf8.dropFirst(upstreamFrom), as: UTF8.self)
            return rest.hasPrefix("/") ? rest : "/" + rest
        }
    }
}
