/// Limits that keep one client from costing the others.
public struct RouterLimits: Sendable, Hashable {
    /// The most bytes of a request's head: request line and headers together; past it, `400`.
    public var maxHeaderBytes: Int
    /// The most header fields of a request; past it, `400`.
    public var maxHeaderCount: Int
    /// The most idle upstream connections kept per replica and event loop: enough for as many
    /// requests at once as clients send, or each request past it opens and closes a connection.
    public var maxIdleConnectionsPerReplica: Int
    /// The most body bytes read and thrown away after the router answered a request itself
    /// (`401`, `404`, `503`) before the connection is closed instead.
    public var maxDiscardedBodyBytes: Int

    public init(
        maxHeaderBytes: Int = 32 * 1024,
        maxHeaderCount: Int = 100,
        maxIdleConnectionsPerReplica: Int = 512,
        maxDiscardedBodyBytes: Int = 1024 * 1024
    ) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxIdleConnectionsPerReplica = maxIdleConnectionsPerReplica
        self.maxDiscardedBodyBytes = maxDiscardedBodyBytes
    }
}
