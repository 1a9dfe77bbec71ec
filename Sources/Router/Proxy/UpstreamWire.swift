import NIOCore
import NIOHTTP1

/// The first handler of an upstream connection: request bytes pass to the socket as they are.
///
/// The exchange writes the request head already serialized (``UpstreamRequestHead``), and the
/// body already framed, as `.body` parts. A `.head` part still goes through the response decoder
/// behind this handler, which must learn each request's method (a response to `HEAD` has no
/// body); here it stops.
final class UpstreamWire: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = IOData

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head, .end:
            promise?.succeed(())
        case .body(let body):
            context.write(wrapOutboundOut(body), promise: promise)
        }
    }
}
