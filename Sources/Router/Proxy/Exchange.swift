import NIOCore

/// One request and its response on a client connection, from head to log line.
///
/// Kept by value in its ``ClientHandler`` and reset between requests: no allocation per request.
struct Exchange {
    enum Phase {
        /// Waiting for a request head.
        case idle
        /// The router answered itself; the rest of the request body is read and dropped.
        case local
        /// Waiting for a connection to a replica; the request's bytes wait.
        case connecting
        /// The request streams up, the response down.
        case forwarding
        /// Switched to a byte tunnel after a `101`.
        case tunnel
        /// The connection is closing; whatever arrives is dropped.
        case closing
    }

    var phase = Phase.idle
    /// Counts requests on the connection, so a late connect result finds it is stale.
    var serial: UInt64 = 0

    var head: RequestHead?
    /// The head for the replica, serialized; kept until the answer, for a replay.
    var upstreamHead: ByteBuffer?
    /// The request body is chunked: so it goes upstream too.
    var requestChunked = false
    /// The response head, held back to go out in one write with the first of the body.
    var pendingHead: ByteBuffer?
    var requestID = RequestID.none
    var start = NIODeadline.distantPast
    /// Index into the route table's entries.
    var route: Int?
    var service: Int = 0
    var pathStart = 0
    var pathEnd = 0
    /// The client keeps the connection after this exchange.
    var keepAlive = true
    var clientIsHTTP10 = false
    var isHEAD = false
    var expectsContinue = false
    var upgrade = false

    var slot: BackendSlot?
    var upstream: UpstreamHandler?
    /// Replicas that failed this request, skipped when another is picked.
    var tried: [BackendSlot] = []
    /// Times the request was sent again after a reused connection dropped it.
    var replays = 0

    var requestEnded = false
    var requestBytes = 0
    /// A body byte went upstream: the request can no longer be replayed on another replica.
    var requestBodySent = false
    var upstreamNeedsFlush = false

    /// The client has been sent a head (`100 Continue` included): no local error can follow.
    var clientSawBytes = false
    var responseHeadSent = false
    var status = 0
    var responseBytes = 0
    var chunked = false
    var responseEnded = false
    var upstreamKeepAlive = false
    /// Close the client connection once the exchange is done.
    var closeAfter = false
    /// Bytes of request body read and dropped after a local answer.
    var discarded = 0
    var reason: String?
    var logged = false

    /// The next exchange on the same connection.
    /// Counted in the router's activity until it ends.
    var active = false
    /// Held while the environment wakes (`wake_on_request`), until this deadline.
    var heldUntil: NIODeadline?

    func next() -> Exchange {
        var next = Exchange()
        next.serial = serial &+ 1
        return next
    }
}
