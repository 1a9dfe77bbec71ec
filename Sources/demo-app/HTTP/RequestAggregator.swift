import NIOCore
import NIOHTTP1

/// Collects each request's head and body parts into one `Request`.
///
/// A body over `maximumBodySize` (by its `Content-Length`, or as its chunks arrive) is answered
/// `413 Payload Too Large` at once; what the client still sends is read and dropped, and the
/// connection closes at the request's end. `Expect: 100-continue` is answered here too.
final class RequestAggregator: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = Request
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        case idle
        case collecting(HTTPRequestHead, ByteBuffer)
        /// Answered 413; dropping the rest of the body, then closing.
        case rejected(dropped: Int)
    }

    /// How much of a rejected body is read and dropped before the connection is simply closed.
    private static let dropLimit = 1 << 20

    private let maximumBodySize: Int
    private var state = State.idle

    init(maximumBodySize: Int) {
        self.maximumBodySize = maximumBodySize
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch (unwrapInboundIn(data), state) {
        case (.head(let head), _):
            if let length = head.headers.first(name: "Content-Length").flatMap(Int.init), length > maximumBodySize {
                reject(head, context: context)
                return
            }
            if head.version != .http1_0, head.headers.first(name: "Expect")?.lowercased() == "100-continue" {
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))), promise: nil)
            }
            state = .collecting(head, context.channel.allocator.buffer(capacity: 0))

        case (.body(var chunk), .collecting(let head, var body)):
            guard body.readableBytes + chunk.readableBytes <= maximumBodySize else {
                reject(head, context: context)
                return
            }
            state = .idle  // so `body` is uniquely referenced while it grows
            body.writeBuffer(&chunk)
            state = .collecting(head, body)

        case (.body(let chunk), .rejected(let dropped)):
            state = .rejected(dropped: dropped + chunk.readableBytes)
            if dropped + chunk.readableBytes > Self.dropLimit { context.close(promise: nil) }

        case (.end, .collecting(let head, let body)):
            state = .idle
            context.fireChannelRead(wrapInboundOut(Request(head: head, body: body)))

        case (.end, .rejected):
            state = .idle
            context.close(promise: nil)

        case (.body, .idle), (.end, .idle):
            break  // parts of no request: the HTTP decoder never sends these
        }
    }

    private func reject(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        state = .rejected(dropped: 0)
        let message = "the request body is too large: at most \(maximumBodySize) bytes are accepted\n"
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        headers.add(name: "Content-Length", value: String(message.utf8.count))
        headers.add(name: "Connection", value: "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .payloadTooLarge, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: message)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
