/// The path router in front of the services (`router:`).
public struct RouterSpec: Hashable, Sendable {
    public var host: String
    public var port: PortSetting
    /// Routes in manifest order; the longest matching path prefix wins.
    public var routes: [Route]

    public init(host: String = "127.0.0.1", port: PortSetting = .auto, routes: [Route] = []) {
        self.host = host
        self.port = port
        self.routes = routes
    }
}

/// A path prefix routed to a service.
public struct Route: Hashable, Sendable {
    /// Matches on path-segment boundaries: `/api` matches `/api` and `/api/x`, never `/apix`.
    public var path: String
    public var service: String
    /// The service sees `/x` for `/api/x`, and the prefix in `X-Forwarded-Prefix`.
    public var stripPrefix: Bool
    public var auth: BasicAuth?

    public init(path: String, service: String, stripPrefix: Bool = false, auth: BasicAuth? = nil) {
        self.path = path
        self.service = service
        self.stripPrefix = stripPrefix
        self.auth = auth
    }
}

/// `auth: { basic: { user, password } }` on a route.
public struct BasicAuth: Hashable, Sendable {
    public var user: String
    public var password: String

    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }
}
