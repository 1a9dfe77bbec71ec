import NIOCore

/// Turns a replica connection's bytes into responses: heads (interim ones included), the body
/// as slices, the end. Told of each request sent (``expectResponse(toHEAD:)``), since a response
/// to `HEAD` has no body whatever its fields say. After a `101` it stops: what follows is the tunnel's.
struct ResponseParser {
    typealias Part = MessagePart<ResponseHead>

    private enum State {
        /// No request is waiting for an answer: any byte is unexpected.
        case idle
        case head(HeadBoundary)
        case body(BodyDecoder, stopAfter: Bool)
        case stopped
    }

    private var state = State.idle
    private var toHEAD = false
    private let limits: RouterLimits

    init(limits: RouterLimits) {
        self.limits = limits
    }

    /// No response is being read: the connection may be pooled.
    var isIdle: Bool {
        if case .idle = state { return true }
        return false
    }

    /// A request went out: its response is read next.
    mutating func expectResponse(toHEAD: Bool) {
        self.toHEAD = toHEAD
        state = .head(HeadBoundary())
    }

    /// The connection closed: the end of a body delimited by it, or nil.
    mutating func finish() -> Part? {
        guard case .body(var decoder, _) = state, case .end(let trailers)? = decoder.finish() else { return nil }
        state = .idle
        return .end(trailers: trailers)
    }

    /// The next part from the front of `buffer`, or nil when more bytes are needed (or parsing stopped).
    mutating func next(_ buffer: inout ByteBuffer) throws(MalformedMessage) -> Part? {
        switch state {
        case .idle:
            guard buffer.readableBytes == 0 else { throw MalformedMessage("bytes from the replica with no request open") }
            return nil
        case .head(var boundary):
            guard let bytes = try boundary.take(from: &buffer, limit: limits.maxHeaderBytes) else {
                state = .head(boundary)
                return nil
            }
            let head = try ResponseHead(bytes, maxFields: limits.maxHeaderCount, toHEAD: toHEAD)
            if head.isInterim {
                state = .head(HeadBoundary())
                return .head(head)
            }
            let framing: BodyDecoder.Framing
            switch head.framing {
            case .none: framing = .length(0)
            case .contentLength(let length): framing = .length(length)
            case .chunked: framing = .chunked
            case .untilClose: framing = .untilClose
            }
            let decoder = BodyDecoder(framing, maxTrailerBytes: limits.maxHeaderBytes, maxTrailerFields: limits.maxHeaderCount)
            state = .body(decoder, stopAfter: head.status == 101)
            return .head(head)
        case .body(var decoder, let stopAfter):
            let part: Part? = try decoder.nextPart(&buffer)
            state = part?.isEnd != true ? .body(decoder, stopAfter: stopAfter) : stopAfter ? .stopped : .idle
            return part
        case .stopped:
            return nil
        }
    }
}
