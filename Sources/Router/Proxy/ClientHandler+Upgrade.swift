import NIOCore

extension ClientHandler {
    /// After a `101`: both connections stop speaking HTTP and become one byte tunnel.
    ///
    /// Each side gets a ``TunnelHandler``; then the HTTP handlers hand the bytes they read past
    /// the heads to it, in order, and leave.
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
            upstream.handOverInbound()
            upstreamPipeline.removeHandler(upstream, promise: nil)
            handOverInbound()
            clientPipeline.removeHandler(context: context, promise: nil)
        } catch {
            upstreamChannel.close(promise: nil)
            context.close(promise: nil)
            return
        }
        clientSide.start()
        upstreamSide.start()
    }
}
