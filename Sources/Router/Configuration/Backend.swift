/// One healthy replica of a service, as the supervisor gives it to the router.
public struct Backend: Sendable, Hashable {
    /// The replica's host; an IP address needs no name lookup.
    public var host: String
    /// The replica's port.
    public var port: Int
    /// The replica's name in the access log, such as `adder.0`.
    public var name: String

    public init(host: String = "127.0.0.1", port: Int, name: String) {
        self.host = host
        self.port = port
        self.name = name
    }
}
