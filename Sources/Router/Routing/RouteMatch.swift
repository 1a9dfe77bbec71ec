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
        /// The target to send upstream when it differs from the client's: stripped, or
        /// absolute-form made origin-form.
        var upstreamTarget: String?
    }
}
