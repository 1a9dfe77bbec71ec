import NIOCore

/// The one handler of a connection to a replica: it writes the request's bytes, parses the
/// response as it comes and hands its parts to the client's ``ClientHandler`` that owns it, and
/// holds back reads while that client cannot take more.
///
/// Between requests it sits in its ``BackendSlot``'s pool, still reading so that a close by the
/// replica is noticed, and closes itself after the idle timeout. Used only on its event loop.
final class UpstreamHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

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
    @exclusivity(unchecked) private var parser: ResponseParser
    /// Bytes read and not parsed yet; ``empty`` once all is (see ``ClientHandler/empty``).
    @exclusivity(unchecked) private var inbound: ByteBuffer
    private let empty = ByteBuffer()

    init(slot: BackendSlot, idleTimeout: TimeAmount, limits: RouterLimits) {
        self.slot = slot
        self.idleTimeout = idleTimeout
        self.parser = ResponseParser(limits: limits)
        self.inbound = empty
    }

    /// Open, and nothing read beyond the last response: bytes past it are not to be trusted.
    var isUsable: Bool { open && context != nil && parser.isIdle && inbound.readableBytes == 0 }
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
        guard owner != nil else {
            // Nothing is asked of a pooled connection: whatever comes is not to be trusted.
            context.close(promise: nil)
            return
        }
        inbound.append(read: unwrapInboundIn(data))
        deliver()
    }

    /// Parses what was read and hands it to the owner, until it lets the connection go.
    private func deliver() {
        defer { if inbound.readableBytes == 0 { inbound = empty } }
        while let owner {
            let part: ResponseParser.Part?
            do {
                part = try parser.next(&inbound)
            } catch {
                open = false
                owner.upstreamFailed(self, error: error)
                context?.close(promise: nil)
                return
            }
            guard let part else { return }
            owner.upstream(self, read: part)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        owner?.upstreamReadComplete(self)
    }

    func channelInactive(context: ChannelHandlerContext) {
        open = false
        if let owner, let end = parser.finish() { owner.upstream(self, read: end) }
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

    /// A request's head, serialized; its response is read next.
    func sendHead(_ head: ByteBuffer, toHEAD: Bool) {
        parser.expectResponse(toHEAD: toHEAD)
        context?.write(wrapOutboundOut(head), promise: nil)
    }

    func send(_ body: ByteBuffer) {
        context?.write(wrapOutboundOut(body), promise: nil)
    }

    func flush() { context?.flush() }

    /// A piece of a chunked request body, framed: size line, bytes, CRLF.
    func sendChunk(_ body: ByteBuffer, crlf: ByteBuffer) {
        guard let context, body.readableBytes > 0 else { return }
        var size = context.channel.allocator.buffer(capacity: 18)
        ResponseHeadWriter.writeChunkHeader(size: body.readableBytes, into: &size)
        context.write(wrapOutboundOut(size), promise: nil)
        context.write(wrapOutboundOut(body), promise: nil)
        context.write(wrapOutboundOut(crlf), promise: nil)
    }

    /// The last chunk of a chunked request body, with the trailer fields.
    func sendLastChunk(_ trailers: ByteBuffer?) {
        guard let context else { return }
        var last = context.channel.allocator.buffer(capacity: 5 + (trailers?.readableBytes ?? 0))
        ResponseHeadWriter.writeLastChunk(trailers: trailers, into: &last)
        context.write(wrapOutboundOut(last), promise: nil)
    }

    /// After a `101`: the bytes read past the response go to the handler after this one (the tunnel).
    func handOverInbound() {
        owner = nil
        guard let context, inbound.readableBytes > 0 else { return }
        let rest = inbound
        inbound = empty
        context.fireChannelRead(wrapInboundOut(rest))
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
