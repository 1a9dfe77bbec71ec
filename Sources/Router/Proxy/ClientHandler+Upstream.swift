import NIOCore

extension ClientHandler {
    /// Picks a replica and sends the request to it, over a pooled connection or a new one;
    /// `503` when there is none left to try.
    func dispatch() {
        let group = loop.group(service: exchange.service)
        guard let slot = group.pick(now: exchange.start, excluding: exchange.tried) else {
            let service = loop.routes.services[exchange.service]
            if exchange.tried.isEmpty, exchange.heldUntil != nil || loop.notice != nil || loop.wakeRequests.waking {
                if loop.wakeRequests.enabled { return holdWhileWaking() }
                if let notice = loop.notice { return respondLocally(.asleep(notice), reason: notice, close: false) }
            }
            let reason = exchange.tried.isEmpty ? "no healthy replica of \(service)" : "no replica of \(service) accepted a connection"
            return respondLocally(.unavailable(service: service), reason: reason, close: false)
        }
        exchange.slot = slot
        armTimer(at: exchange.start + TimeAmount(loop.timeouts.response))
        if let upstream = slot.takeIdle() {
            attach(upstream)
        } else {
            connect(slot)
        }
    }

    /// `wake_on_request`: asks the daemon to wake the environment, and looks for a replica again
    /// every 10 ms until one takes the request or 30 s have passed (then 503).
    private func holdWhileWaking() {
        let now = NIODeadline.now()
        if exchange.heldUntil == nil {
            exchange.heldUntil = now + .seconds(30)
            loop.wakeRequests.request()
        }
        guard let deadline = exchange.heldUntil, now < deadline else {
            let why = "\(loop.routes.services[exchange.service]) did not wake within 30 s"
            return respondLocally(.asleep(why), reason: why, close: false)
        }
        guard let context else { return }
        let serial = exchange.serial
        context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(10)) {
            guard self.exchange.serial == serial, self.exchange.phase != .closing else { return }
            self.dispatch()
        }
    }

    private func connect(_ slot: BackendSlot) {
        exchange.phase = .connecting
        let serial = exchange.serial
        loop.connector.connect(slot).assumeIsolated().whenComplete { result in
            let current = self.exchange.serial == serial && self.exchange.phase == .connecting
            switch result {
            case .success(let upstream):
                if current {
                    self.attach(upstream)
                } else {
                    slot.release(upstream)
                }
            case .failure:
                guard current else { return }
                // Refused or timed out: no byte went out, so another replica may take it.
                self.loop.markDown(slot)
                self.exchange.tried.append(slot)
                self.dispatch()
            }
        }
    }

    /// Sends the head, then whatever of the request is already here.
    private func attach(_ upstream: UpstreamHandler) {
        upstream.attach(to: self)
        exchange.upstream = upstream
        exchange.phase = .forwarding
        if let bytes = exchange.upstreamHead { upstream.sendHead(bytes, toHEAD: exchange.isHEAD) }
        if exchange.requestEnded && exchange.requestChunked {
            upstream.sendLastChunk(nil)  // a replay: the end went to the connection that failed
        }
        exchange.upstreamNeedsFlush = true
        drainInbound()
        // While the request is being parsed, the parse loop flushes once it has fed what it can.
        if !draining, exchange.upstreamNeedsFlush, exchange.upstream === upstream {
            exchange.upstreamNeedsFlush = false
            upstream.flush()
        }
    }

    func upstream(_ upstream: UpstreamHandler, read part: ResponseParser.Part) {
        guard upstream === exchange.upstream else { return upstream.close() }
        activity = true
        switch part {
        case .head(let head): responseHead(head)
        case .body(let body): responseBody(body)
        case .end(let trailers): responseEnd(trailers)
        }
    }

    func upstreamReadComplete(_ upstream: UpstreamHandler) {
        guard upstream === exchange.upstream, let context else { return }
        writePendingHead()
        context.flush()
    }

    func upstreamBecameWritable(_ upstream: UpstreamHandler) {
        if upstream === exchange.upstream { resumeReads() }
    }

    /// The replica's connection closed or failed. Before any answer, a request that sent no body
    /// over a reused connection (a keep-alive the replica had just dropped) is sent again;
    /// otherwise `502`, or, once the response has begun, the client connection is closed.
    func upstreamFailed(_ upstream: UpstreamHandler, error: (any Error)?) {
        guard upstream === exchange.upstream else { return }
        exchange.upstream = nil
        upstream.close()
        let name = upstream.slot.backend.name
        if !exchange.clientSawBytes {
            if upstream.reused && !exchange.requestBodySent && exchange.replays < 2 {
                // Its pool-mates are as suspect: let the replay open a new connection.
                exchange.replays += 1
                upstream.slot.dropIdle()
                return dispatch()
            }
            let why = error.map { "\($0)" } ?? "closed the connection"
            respondLocally(
                .badGateway("the replica closed the connection before answering"),
                reason: "\(name) \(why) before answering", close: !exchange.requestEnded
            )
        } else if !exchange.responseEnded {
            exchange.reason = "\(name) failed mid-response"
            log()
            writePendingHead()
            context?.flush()
            closeNow()
        }
    }

    /// Closes the upstream connection of the exchange, if any, without pooling it.
    func abortUpstream() {
        guard let upstream = exchange.upstream else { return }
        exchange.upstream = nil
        upstream.close()
    }
}
