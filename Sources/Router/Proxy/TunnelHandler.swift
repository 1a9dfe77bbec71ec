import NIOCore

/// One side of a byte tunnel (a WebSocket after its `101`): what one connection reads, the
/// other writes, and neither reads while the other cannot write. Used only on its event loop.
final class TunnelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    @exclusivity(unchecked) var partner: TunnelHandler?
    /// Called once, when this side's connection closes.
    @exclusivity(unchecked) var onClose: (() -> Void)?
    @exclusivity(unchecked) private var context: ChannelHandlerContext?
    @exclusivity(unchecked) private var readPending = false

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// Reads again: the HTTP handler before it may have held a read back.
    func start() { context?.read() }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        partner?.write(unwrapInboundIn(data))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        partner?.context?.flush()
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        onClose?()
        onClose = nil
        let partner = self.partner
        self.partner = nil
        partner?.partnerClosed()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { partner?.resumeReads() }
        context.fireChannelWritabilityChanged()
    }

    func read(context: ChannelHandlerContext) {
        if let partner, !partner.isWritable {
            readPending = true
        } else {
            context.read()
        }
    }

    private var isWritable: Bool { context?.channel.isWritable ?? true }

    private func write(_ buffer: ByteBuffer) {
        context?.write(wrapOutboundOut(buffer), promise: nil)
    }

    private func resumeReads() {
        guard readPending, let context else { return }
        readPending = false
        context.read()
    }

    private func partnerClosed() {
        partner = nil
        guard let context else { return }
        context.flush()
        context.close(promise: nil)
    }
}
