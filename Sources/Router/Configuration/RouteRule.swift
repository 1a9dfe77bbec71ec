/// One entry of the manifest's `router.routes`: a path prefix and the service it reaches.
public struct RouteRule: Sendable, Hashable {
    /// The path prefix, such as `/adder`; it matches on segment boundaries (`/adder` and
    /// `/adder/x`, never `/adderx`). A missing leading `/` is added; a trailing one is ignored.
    public var path: String
    /// The service whose replicas serve the route.
    public var service: String
    /// When true the service sees `/x` for `/adder/x` (and `/` for `/adder`), and gets the
    /// stripped prefix in `X-Forwarded-Prefix`.
    public var stripPrefix: Bool
    /// The credentials a request must carry, or nil for an open route.
    public var basicAuth: BasicAuthCredentials?

    public init(path: String, service: String, stripPrefix: Bool = false, basicAuth: BasicAuthCredentials? = nil) {
        self.path = path
        self.service = service
        self.stripPrefix = stripPrefix
        self.basicAuth = basicAuth
    }
}
