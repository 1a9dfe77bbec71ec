import NIOCore

/// Turns a client connection's bytes into requests: a head, its body as slices, its end.
///
/// It parses only when asked (``next(_:)``), so bytes that the current exchange cannot take yet
/// (a pipelined request, a body before the replica's connection is ready) simply wait in the
/// buffer. After an upgrade request, or `CONNECT`, it stops: what follows is not HTTP.
struct RequestParser {
    typealias Part = MessagePart<RequestHead>

    private enum State {
        case head(HeadBoundary)
        case body(BodyDecoder, stopAfter: Bool)
        case stopped
    }

    private var state = State.head(HeadBoundary())
    private let limits: RouterLimits
    /// Empty lines skipped before a request line (RFC 9112 §2.2), counted against abuse.
    private var emptyLines = 0

    init(limits: RouterLimits) {
        self.limits = limits
    }

    /// Waiting for a request's head: between requests.
    var awaitsHead: Bool {
        if case .head = state { return true }
        return false
    }

    /// The next part from the front of `buffer`, or nil when more bytes are needed (or parsing stopped).
    mutating func next(_ buffer: inout ByteBuffer) throws(MalformedMessage) -> Part? {
        switch state {
        case .head(var boundary):
            while buffer.getInteger(at: buffer.readerIndex, as: UInt16.self) == 0x0D0A {
                emptyLines += 1
                guard emptyLines <= 4 else { throw MalformedMessage("empty lines before the request line") }
                buffer.moveReaderIndex(forwardBy: 2)
                boundary = HeadBoundary()  // it counts from the front
            }
            guard let bytes = try boundary.take(from: &buffer, limit: limits.maxHeaderBytes) else {
                state = .head(boundary)
                return nil
            }
            emptyLines = 0
            let head = try RequestHead(bytes, maxFields: limits.maxHeaderCount)
            let framing: BodyDecoder.Framing
            switch head.framing {
            case .none: framing = .length(0)
            case .contentLength(let length): framing = .length(length)
            case .chunked: framing = .chunked
            case .invalid, .unsupported:
                state = .stopped  // refused: nothing after it is read as HTTP
                return .head(head)
            }
            let decoder = BodyDecoder(framing, maxTrailerBytes: limits.maxHeaderBytes, maxTrailerFields: limits.maxHeaderCount)
            state = .body(decoder, stopAfter: head.upgrade != nil || head.methodKind == .connect)
            return .head(head)
        case .body(var decoder, let stopAfter):
            let part: Part? = try decoder.nextPart(&buffer)
            state = part?.isEnd != true ? .body(decoder, stopAfter: stopAfter) : stopAfter ? .stopped : .head(HeadBoundary())
            return part
        case .stopped:
            return nil
        }
    }
}
