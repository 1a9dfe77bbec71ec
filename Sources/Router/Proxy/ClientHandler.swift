import NIOCore
import NIOHTTP1

/// The last handler of a client connection: routes each request, streams it to a replica and the
/// response back, and answers itself when it must (`400`, `401`, `404`, `502`, `503`, `504`).
///
/// Backpressure is by reads: the client is not read while the replica cannot take more (or no
/// replica is attached yet), and the replica is not read while the client cannot. The client
/// connection and its upstream connection share one event loop, so no lock is taken.
final class ClientHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// What arrives from the decoder: a part, or the news that the bytes were not HTTP.
    enum Inbound {
        case part(HTTPServerRequestPart)
        case malformed(String)
    }

    let loop: LoopContext
    @exclusivity(unchecked) var context: ChannelHandlerContext?
    @exclusivity(unchecked) var exchange = Exchange()
    /// Parts that arrived while the exchange could not take them (pipelined requests, a body
    /// before the upstream connection is ready).
    @exclusivity(unchecked) var queue = CircularBuffer<Inbound>(initialCapacity: 4)
    @exclusivity(unchecked) var draining = false
    @exclusivity(unchecked) var readPending = false
    /// Something moved since the timer last looked; see ``timerFired()``.
    @exclusivity(unchecked) var activity = true
    @exclusivity(unchecked) var timer: Scheduled<Void>?
    @exclusivity(unchecked) var timerDeadline = NIODeadline.distantFuture
    @exclusivity(unchecked) var clientAddress = "-"

    init(loop: LoopContext) {
        self.loop = loop
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        loop.clients[ObjectIdentifier(self)] = self
        if let address = context.channel.remoteAddress?.ipAddress { clientAddress = address }
        armTimer(at: .now() + TimeAmount(loop.timeouts.idle))
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        loop.clients[ObjectIdentifier(self)] = nil
        timer?.cancel()
        timer = nil
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        activity = true
        let part = unwrapInboundIn(data)
        if queue.isEmpty && canTake(part) {
            take(part)
        } else {
            queue.append(.part(part))
        }
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
        if error is HTTPParserError || error is ByteToMessageDecoderError {
            let reason = "malformed request: \(error)"
            if queue.isEmpty, exchange.phase != .forwarding || !exchange.requestEnded {
                malformed(reason)
            } else {
                queue.append(.malformed(reason))
            }
        } else {
            // An I/O error: nothing more can be said to this client.
            closeNow()
        }
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

    /// Reads wait while parts are queued, while no replica is attached, and while the attached
    /// one cannot take more.
    var holdsReads: Bool {
        if !queue.isEmpty { return true }
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

    /// Whether the current exchange can take `part` now, or it must be queued.
    private func canTake(_ part: HTTPServerRequestPart) -> Bool {
        switch exchange.phase {
        case .idle:
            if case .head = part { return true }
            return false
        case .local: return !exchange.requestEnded
        case .forwarding: return !exchange.requestEnded
        case .connecting: return false
        case .closing, .tunnel: return true  // dropped by `take`
        }
    }

    private func take(_ part: HTTPServerRequestPart) {
        switch part {
        case .head(let head): begin(head)
        case .body(let body): requestBody(body)
        case .end(let trailers): requestEnd(trailers)
        }
    }

    /// Feeds queued parts to the exchange for as long as it can take them.
    func drainQueue() {
        guard !draining else { return }
        draining = true
        defer {
            draining = false
            if exchange.upstreamNeedsFlush {
                exchange.upstreamNeedsFlush = false
                exchange.upstream?.flush()
            }
        }
        while let first = queue.first {
            switch first {
            case .part(let part):
                guard canTake(part) else { return resumeReads() }
                queue.removeFirst()
                take(part)
            case .malformed(let reason):
                guard exchange.phase == .idle else { return resumeReads() }
                queue.removeFirst()
                malformed(reason)
            }
        }
        resumeReads()
    }

    /// The decoder gave up on the bytes: `400` if nothing was answered yet, then close.
    private func malformed(_ reason: String) {
        queue.removeAll()
        switch exchange.phase {
        case .idle:
            exchange.start = .now()
            exchange.requestID = loop.requestIDs.next()
            respondLocally(.badRequest("the request is not valid HTTP/1.1"), reason: reason, close: true)
        case .connecting, .forwarding:
            abortUpstream()
            if exchange.clientSawBytes {
                exchange.reason = reason
                log()
                closeNow()
            } else {
                respondLocally(.badRequest("the request is not valid HTTP/1.1"), reason: reason, close: true)
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
