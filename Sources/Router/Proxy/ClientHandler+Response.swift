import NIOCore

extension ClientHandler {
    func responseHead(_ head: ResponseHead) {
        guard let context else { return }
        let code = head.status
        if code == 101 {
            guard exchange.upgrade else {
                abortUpstream()
                return respondLocally(.badGateway("unexpected 101"), reason: "101 without an upgrade request", close: true)
            }
            exchange.status = 101
            exchange.responseHeadSent = true
            exchange.clientSawBytes = true
            var buffer = loop.allocator.buffer(capacity: head.bytes.readableBytes + 128)
            ResponseHeadWriter.write(
                head, into: &buffer, bodyless: true, connection: .upgrade, clientIsHTTP10: false, requestID: exchange.requestID
            )
            context.write(wrapOutboundOut(buffer), promise: nil)
            return
        }
        if code < 200 {
            // 100 Continue, 103 Early Hints: passed on, except to HTTP/1.0 which has none.
            guard !exchange.clientIsHTTP10 else { return }
            var buffer = loop.allocator.buffer(capacity: head.bytes.readableBytes + 16)
            ResponseHeadWriter.writeInformational(head, into: &buffer)
            context.write(wrapOutboundOut(buffer), promise: nil)
            exchange.clientSawBytes = true
            return
        }
        exchange.status = code
        exchange.upstreamKeepAlive = head.keepAlive
        exchange.responseHeadSent = true
        exchange.clientSawBytes = true
        let bodyless = exchange.isHEAD || code == 204 || code == 304
        let close = !exchange.keepAlive || exchange.closeAfter
        var buffer = loop.allocator.buffer(capacity: head.bytes.readableBytes + 128)
        let framing = ResponseHeadWriter.write(
            head, into: &buffer, bodyless: bodyless, connection: close ? .close : .keepAlive,
            clientIsHTTP10: exchange.clientIsHTTP10, requestID: exchange.requestID
        )
        exchange.chunked = framing.chunked
        if framing.close { exchange.closeAfter = true }
        exchange.pendingHead = buffer  // goes out with the first of the body, or at the read's end
    }

    func responseBody(_ body: ByteBuffer) {
        guard let context, body.readableBytes > 0 else { return }
        exchange.responseBytes += body.readableBytes
        if var head = exchange.pendingHead, body.readableBytes <= 16 * 1024 {
            // A small body is copied behind the head: one write, one buffer, one iovec.
            exchange.pendingHead = nil
            if exchange.chunked { ResponseHeadWriter.writeChunkHeader(size: body.readableBytes, into: &head) }
            head.writeImmutableBuffer(body)
            if exchange.chunked { head.writeStaticString("\r\n") }
            context.write(wrapOutboundOut(head), promise: nil)
            if !(channel?.isWritable ?? true) { exchange.upstream?.holdReads() }
            return
        }
        writePendingHead()
        if exchange.chunked {
            var size = loop.allocator.buffer(capacity: 18)
            ResponseHeadWriter.writeChunkHeader(size: body.readableBytes, into: &size)
            context.write(wrapOutboundOut(size), promise: nil)
            context.write(wrapOutboundOut(body), promise: nil)
            context.write(wrapOutboundOut(loop.crlf), promise: nil)
        } else {
            context.write(wrapOutboundOut(body), promise: nil)
        }
        if !(channel?.isWritable ?? true) { exchange.upstream?.holdReads() }
    }

    func responseEnd(_ trailers: ByteBuffer?) {
        guard let context else { return }
        if exchange.status == 101 { return becomeTunnel() }
        if exchange.chunked {
            var last = exchange.pendingHead ?? loop.allocator.buffer(capacity: 5)
            exchange.pendingHead = nil
            ResponseHeadWriter.writeLastChunk(trailers: trailers, into: &last)
            context.write(wrapOutboundOut(last), promise: nil)
        } else {
            writePendingHead()
        }
        exchange.responseEnded = true
        // Answered before the request was all sent: the rest of it cannot be read as a next request.
        if !exchange.requestEnded { exchange.closeAfter = true }
        complete()
    }

    /// Writes the response head held back for the body, if any.
    func writePendingHead() {
        guard let head = exchange.pendingHead, let context else { return }
        exchange.pendingHead = nil
        context.write(wrapOutboundOut(head), promise: nil)
    }

    /// Answers the request itself. `close` (or a client waiting on `100-continue` for a body it
    /// will not send) closes the connection after; otherwise the rest of the body is dropped.
    func respondLocally(_ response: LocalResponse, reason: String?, close: Bool) {
        guard let context else { return }
        let closing = close || !exchange.keepAlive || (exchange.expectsContinue && !exchange.requestEnded)
        var buffer = loop.allocator.buffer(capacity: 256 + response.body.utf8.count)
        response.write(
            into: &buffer, close: closing, requestID: exchange.requestID,
            headOnly: exchange.isHEAD
        )
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        exchange.status = response.status
        exchange.responseBytes = exchange.isHEAD ? 0 : response.body.utf8.count
        exchange.reason = reason
        exchange.responseHeadSent = true
        exchange.clientSawBytes = true
        exchange.responseEnded = true
        exchange.phase = .local
        if closing { exchange.closeAfter = true }
        if exchange.requestEnded || closing {
            complete()
        } else {
            drainInbound()  // the body parts already here are dropped
        }
    }

    /// The exchange is over: log it, pool or close its upstream connection, and go on to the
    /// next request or close.
    func complete() {
        log()
        if let upstream = exchange.upstream {
            exchange.upstream = nil
            if exchange.requestEnded && exchange.upstreamKeepAlive && !exchange.upgrade {
                upstream.slot.release(upstream)
            } else {
                upstream.close()
            }
        }
        let close = exchange.closeAfter || !exchange.keepAlive
        exchange = exchange.next()
        if close {
            closeGracefully()
        } else {
            context?.flush()
            drainInbound()
        }
    }

    /// Writes one access log line for the exchange; once.
    func log() {
        let now = NIODeadline.now()
        if exchange.active {
            exchange.active = false
            loop.activity.ended(at: now)
        }
        guard let accessLog = loop.accessLog, !exchange.logged else { return }
        exchange.logged = true
        let route = exchange.route.map { loop.routes.entries[$0].rule.path }
        let target = exchange.head?.target.lowerBound ?? 0
        accessLog.append(
            AccessLogRecord(
                requestID: exchange.requestID, client: clientAddress, head: exchange.head?.bytes,
                method: exchange.head?.method ?? 0..<0, path: target + exchange.pathStart..<target + max(exchange.pathStart, exchange.pathEnd),
                route: route, replica: exchange.slot?.backend.name, status: exchange.status,
                bytes: exchange.responseBytes, requestBytes: exchange.requestBytes,
                durationNanoseconds: (now - exchange.start).nanoseconds, reason: exchange.reason
            )
        )
    }

    /// Sends what is written, then closes: output first, so the client reads the answer before
    /// the connection goes (closing with unread input would reset it and lose the answer).
    func closeGracefully() {
        guard let context else { return }
        exchange.phase = .closing
        inbound = empty
        abortUpstream()
        context.flush()
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.close(mode: .output, promise: promise)
        let channel = context.channel
        promise.futureResult.assumeIsolated().whenComplete { result in
            switch result {
            case .success:
                // Whatever the client still sends is read and dropped, for a while.
                channel.eventLoop.assumeIsolated().scheduleTask(in: .seconds(2)) { channel.close(promise: nil) }
            case .failure:
                channel.close(promise: nil)
            }
        }
        resumeReads()
    }

    /// Closes the connection at once: nothing more can be said to the client.
    func closeNow() {
        exchange.phase = .closing
        inbound = empty
        abortUpstream()
        context?.close(promise: nil)
    }
}
