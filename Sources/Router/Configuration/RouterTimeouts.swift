/// How long the router waits, each a `Duration`.
public struct RouterTimeouts: Sendable, Hashable {
    /// To open a connection to a replica; past it the next replica is tried.
    public var connect: Duration
    /// From a request's head being sent upstream to the response's head; past it, `504`.
    public var response: Duration
    /// A client connection with no request, or an exchange with no byte moving either way, is
    /// closed after it; so is a pooled upstream connection left unused.
    public var idle: Duration
    /// How long a replica that refused a connection is skipped, unless the supervisor lists it anew.
    public var markedDown: Duration

    public init(
        connect: Duration = .seconds(2),
        response: Duration = .seconds(60),
        idle: Duration = .seconds(60),
        markedDown: Duration = .seconds(5)
    ) {
        self.connect = connect
        self.response = response
        self.idle = idle
        self.markedDown = markedDown
    }
}
