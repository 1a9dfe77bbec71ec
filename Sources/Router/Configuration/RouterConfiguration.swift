/// Everything the router needs to serve: where to listen, the routes, and its limits.
///
/// The services' replicas are not part of it: they change while the router runs, and are given
/// to ``Router/setBackends(service:_:)``.
public struct RouterConfiguration: Sendable {
    /// The address to listen on; loopback by default, so nothing outside the machine reaches it.
    public var host: String
    /// The port to listen on; `0` for an ephemeral port (see ``Router/start()``).
    public var port: Int
    /// The routes; the longest matching path prefix wins, whatever their order.
    public var routes: [RouteRule]
    /// Where to append one JSON line per request (`.devenv/<env>/logs/router.access.log`); nil for none.
    public var accessLogPath: String?
    /// How long to wait for an upstream connection, a response, and an idle connection.
    public var timeouts: RouterTimeouts
    /// Header, connection and pool limits.
    public var limits: RouterLimits

    /// - Parameters:
    ///   - host: The address to listen on; by default `127.0.0.1`.
    ///   - port: The port to listen on; `0` for an ephemeral one.
    ///   - routes: The routes.
    ///   - accessLogPath: The access log's path; nil for none.
    ///   - timeouts: The timeouts; see ``RouterTimeouts``.
    ///   - limits: The limits; see ``RouterLimits``.
    public init(
        host: String = "127.0.0.1",
        port: Int,
        routes: [RouteRule],
        accessLogPath: String? = nil,
        timeouts: RouterTimeouts = .init(),
        limits: RouterLimits = .init()
    ) {
        self.host = host
        self.port = port
        self.routes = routes
        self.accessLogPath = accessLogPath
        self.timeouts = timeouts
        self.limits = limits
    }
}
