import NIOCore

/// The one handler of a client connection: parses each request from the bytes as they come,
/// routes it, streams it to a replica and the response back, and answers itself when it must
/// (`400`, `401`, `404`, `502`, `503`, `504`).
///
/// Bytes are parsed only when the current exchange can take what they hold, so a pipelined
/// request or a body that arrives before the replica's connection waits in ``inbound``.
/// Backpressure is by reads: the client is not read while the replica cannot take more (or no
/// replica is attached yet, or bytes wait), and the replica is not read while the client cannot.
/// The client connection and its upstream connection share one event loop, so no lock is taken.
final class ClientHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let loop: LoopContext
    @exclusivity(unchecked) var context: ChannelHandlerContext?
    /// The client's connection, kept so as not to ask the pipeline for it on every write.
    @exclusivity(unchecked) var channel: (any Channel)?
    @exclusivity(unchecked) var exchange = Exchange()
    @exclusivity(unchecked) var parser: RequestParser
    /// Bytes read and not parsed yet.
    @exclusivity(unchecked) var inbound: ByteBuffer
    /// What ``inbound`` holds once all is parsed, so that the read buffers are let go (NIO reuses
    /// one only while nobody else holds it).
    let empty = ByteBuffer()
    @exclusivity(unchecked) var draining = false
    @exclusivity(unchecked) var readPending = false
    /// Something moved since the timer last looked; see ``timerFired()``.
    @exclusivity(unchecked) var activity = true
    @exclusivity(unchecked) var timer: Scheduled<Void>?
    @exclusivity(unchecked) var timerDeadline = NIODeadline.distantFuture
    @exclusivity(unchecked) var clientAddress = "-"

    init(loop: LoopContext) {
        self.loop = loop
        self.parser = RequestParser(limits: loop.limits)
        self.inbound = empty
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        self.channel = context.channel
        loop.clients[ObjectIdentifier(self)] = self
        if let address = context.channel.remoteAddress?.ipAddress { clientAddress = address }
        armTimer(at: .now() + TimeAmount(loop.timeouts.idle))
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        loop.clients[ObjectIdentifier(self)] = nil
        timer?.cancel()
        timer = nil
        self.context = nil
        self.channel = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        activity = true
        guard exchange.phase != .closing else { return }  // read and dropped
        inbound.append(read: unwrapInboundIn(data))
        drainInbound()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if exchange.upstreamNeedsFlush {
            exchange.upstreamNeedsFlush = false
            exchange.upstream?.flush()
        }
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        abortUpstream()
        if exchange.phase != .idle, exchange.phase != .closing, exchange.phase != .tunnel, exchange.head != nil {
            exchange.reason = exchange.reason ?? "client closed the connection"
            if exchange.status == 0 { exchange.status = 499 }
            log()
        }
        exchange.phase = .closing
        loop.clients[ObjectIdentifier(self)] = nil
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // An I/O error: nothing more can be said to this client.
        closeNow()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { exchange.upstream?.releaseReads() }
        context.fireChannelWritabilityChanged()
    }

    func read(context: ChannelHandlerContext) {
        if holdsReads {
            readPending = true
        } else {
            context.read()
        }
    }

    /// Reads wait while bytes wait for the exchange, while no replica is attached, and while
    /// the attached one cannot take more.
    var holdsReads: Bool {
        if inbound.readableBytes > 0, !canParse { return true }
        switch exchange.phase {
        case .connecting: return true
        case .forwarding: return !(exchange.upstream?.isWritable ?? true)
        case .idle, .local, .closing, .tunnel: return false
        }
    }

    /// Issues the read held back, if reads may go on now.
    func resumeReads() {
        guard readPending, !holdsReads, let context else { return }
        readPending = false
        context.read()
    }

    /// Whether the exchange can take the next part of the request: a head when idle, the body
    /// until its end; nothing while connecting (it waits) or closing (it is dropped).
    private var canParse: Bool {
        switch exchange.phase {
        case .idle: return true
        case .local, .forwarding: return !exchange.requestEnded
        case .connecting, .closing, .tunnel: return false
        }
    }

    /// Parses what was read and feeds it to the exchange for as long as it can take it.
    func drainInbound() {
        guard !draining else { return }
        draining = true
        defer {
            draining = false
            if exchange.upstreamNeedsFlush {
                exchange.upstreamNeedsFlush = false
                exchange.upstream?.flush()
            }
        }
        while canParse {
            let part: RequestParser.Part?
            do {
                part = try parser.next(&inbound)
            } catch {
                malformed(error.reason)
                break
            }
            guard let part else { break }
            switch part {
            case .head(let head): begin(head)
            case .body(let body): requestBody(body)
            case .end(let trailers): requestEnd(trailers)
            }
        }
        if inbound.readableBytes == 0 { inbound = empty }
        resumeReads()
    }

    /// Hands the bytes read past an upgrade request to the handler after this one (the tunnel).
    func handOverInbound() {
        guard let context, inbound.readableBytes > 0 else { return }
        let rest = inbound
        inbound = empty
        context.fireChannelRead(wrapInboundOut(rest))
    }

    /// The bytes are not a valid request: `400` if nothing was answered yet, then close.
    private func malformed(_ reason: String) {
        inbound = empty
        switch exchange.phase {
        case .idle:
            exchange.start = .now()
            exchange.requestID = loop.requestIDs.next()
            respondLocally(.badRequest("the request is not valid HTTP/1.1"), reason: "malformed request: \(reason)", close: true)
        case .connecting, .forwarding:
            abortUpstream()
            if exchange.clientSawBytes {
                exchange.reason = reason
                log()
                closeNow()
            } else {
                respondLocally(.badRequest("the request is not valid HTTP/1.1"), reason: "malformed request: \(reason)", close: true)
            }
        case .local:
            exchange.closeAfter = true
            exchange.requestEnded = true
            complete()
        case .closing, .tunnel:
            closeNow()
        }
    }
}
