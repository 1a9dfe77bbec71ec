import NIOCore
import NIOHTTP1

extension ClientHandler {
    /// After a `101`: both connections stop speaking HTTP and become one byte tunnel.
    ///
    /// Each side gets a ``TunnelHandler``; then the HTTP handlers leave, the decoders last, so
    /// the bytes they already hold past the heads flow into the tunnel in order.
    func becomeTunnel() {
        guard let context, let upstream = exchange.upstream, let upstreamChannel = upstream.channel else {
            return closeNow()
        }
        log()
        exchange.phase = .tunnel
        exchange.upstream = nil
        upstream.owner = nil
        timer?.cancel()
        timer = nil
        context.flush()
        let clientSide = TunnelHandler()
        // An open WebSocket is activity until it closes.
        let activity = loop.activity
        activity.began()
        clientSide.onClose = { activity.ended() }
        let upstreamSide = TunnelHandler()
        clientSide.partner = upstreamSide
        upstreamSide.partner = clientSide
        do {
            let clientPipeline = context.pipeline.syncOperations
            let upstreamPipeline = upstreamChannel.pipeline.syncOperations
            try clientPipeline.addHandler(clientSide)
            try upstreamPipeline.addHandler(upstreamSide)
            upstreamPipeline.removeHandler(upstream, promise: nil)
            let responseDecoder = try upstreamPipeline.context(handlerType: ByteToMessageHandler<HTTPResponseDecoder>.self)
            upstreamPipeline.removeHandler(context: responseDecoder, promise: nil)
            let wire = try upstreamPipeline.context(handlerType: UpstreamWire.self)
            upstreamPipeline.removeHandler(context: wire, promise: nil)
            let requestDecoder = try clientPipeline.context(handlerType: ByteToMessageHandler<HTTPRequestDecoder>.self)
            clientPipeline.removeHandler(context: context, promise: nil)
            clientPipeline.removeHandler(context: requestDecoder, promise: nil)
        } catch {
            upstreamChannel.close(promise: nil)
            context.close(promise: nil)
            return
        }
        clientSide.start()
        upstreamSide.start()
    }
}
