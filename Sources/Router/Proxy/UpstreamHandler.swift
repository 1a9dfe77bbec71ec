import NIOCore
import NIOHTTP1

/// The last handler of a connection to a replica: it hands the response to the client's
/// ``ClientHandler`` that owns it, and holds back reads while that client cannot take more.
///
/// Between requests it sits in its ``BackendSlot``'s pool, still reading so that a close by the
/// replica is noticed, and closes itself after the idle timeout. Used only on its event loop.
final class UpstreamHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    let slot: BackendSlot
    /// The exchange using the connection; nil while pooled.
    @exclusivity(unchecked) var owner: ClientHandler?
    /// Whether the connection has served a request before (a stale keep-alive may fail).
    @exclusivity(unchecked) private(set) var reused = false
    @exclusivity(unchecked) private var context: ChannelHandlerContext?
    @exclusivity(unchecked) private var readsHeld = false
    @exclusivity(unchecked) private var readPending = false
    @exclusivity(unchecked) private var idleSince: NIODeadline?
    @exclusivity(unchecked) private var idleTimer: Scheduled<Void>?
    private let idleTimeout: TimeAmount
    @exclusivity(unchecked) private var open = true

    init(slot: BackendSlot, idleTimeout: TimeAmount) {
        self.slot = slot
        self.idleTimeout = idleTimeout
    }

    var isUsable: Bool { open && context != nil }
    var isWritable: Bool { context?.channel.isWritable ?? false }
    var channel: (any Channel)? { context?.channel }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        slot.census.opened(slot.backend)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        slot.census.closed(slot.backend)
        self.context = nil
        idleTimer?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let owner else {
            // Nothing is asked of a pooled connection: whatever comes is not to be trusted.
            context.close(promise: nil)
            return
        }
        owner.upstream(self, read: unwrapInboundIn(data))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        owner?.upstreamReadComplete(self)
    }

    func channelInactive(context: ChannelHandlerContext) {
        open = false
        idleTimer?.cancel()
        if let owner {
            owner.upstreamFailed(self, error: nil)
        } else {
            slot.remove(self)
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        open = false
        owner?.upstreamFailed(self, error: error)
        context.close(promise: nil)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { owner?.upstreamBecameWritable(self) }
        context.fireChannelWritabilityChanged()
    }

    func read(context: ChannelHandlerContext) {
        if readsHeld {
            readPending = true
        } else {
            context.read()
        }
    }

    // MARK: Used by the owning exchange

    func send(_ part: HTTPClientRequestPart) {
        context?.write(wrapOutboundOut(part), promise: nil)
    }

    func flush() { context?.flush() }

    /// A piece of a chunked request body, framed: size line, bytes, CRLF.
    func sendChunk(_ body: ByteBuffer, crlf: ByteBuffer) {
        guard let context, body.readableBytes > 0 else { return }
        var size = context.channel.allocator.buffer(capacity: 18)
        ResponseHeadWriter.writeChunkHeader(size: body.readableBytes, into: &size)
        context.write(wrapOutboundOut(.body(.byteBuffer(size))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(crlf))), promise: nil)
    }

    /// The last chunk of a chunked request body, with the trailers.
    func sendLastChunk(_ trailers: HTTPHeaders?) {
        guard let context else { return }
        var last = context.channel.allocator.buffer(capacity: 5)
        ResponseHeadWriter.writeLastChunk(trailers: trailers, into: &last)
        context.write(wrapOutboundOut(.body(.byteBuffer(last))), promise: nil)
    }

    /// Stops reading the replica: the client cannot take more yet.
    func holdReads() { readsHeld = true }

    /// Reads again, issuing the read held back, if any.
    func releaseReads() {
        readsHeld = false
        if readPending, let context {
            readPending = false
            context.read()
        }
    }

    func close() {
        open = false
        owner = nil
        context?.close(promise: nil)
    }

    /// Taken from the pool, or fresh, by an exchange.
    func attach(to owner: ClientHandler) {
        self.owner = owner
        idleSince = nil
    }

    /// Put in the pool: the exchange is done with it.
    func didBecomeIdle() {
        owner = nil
        reused = true
        idleSince = .now()
        releaseReads()
        guard idleTimer == nil, let context else { return }
        idleTimer = context.eventLoop.assumeIsolated().scheduleTask(in: idleTimeout) { self.idleTimerFired() }
    }

    private func idleTimerFired() {
        idleTimer = nil
        guard let idleSince, let context else { return }  // in use: armed again when idle
        let deadline = idleSince + idleTimeout
        if deadline <= .now() {
            slot.remove(self)
            close()
        } else {
            idleTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { self.idleTimerFired() }
        }
    }
}
