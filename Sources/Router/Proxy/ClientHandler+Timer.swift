import NIOCore

extension ClientHandler {
    /// Makes sure the connection's one timer fires by `deadline`.
    ///
    /// The timer is not moved on every request: it looks, when it fires, at what happened since
    /// (``activity``) and at the exchange's response deadline, and sets itself again. So a busy
    /// connection costs one scheduled task per idle period, not one per request.
    func armTimer(at deadline: NIODeadline) {
        guard let context, timer == nil || deadline < timerDeadline else { return }
        timer?.cancel()
        timerDeadline = deadline
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { self.timerFired() }
    }

    /// Waiting for a replica's response head: the response timeout applies, not the idle one.
    private var awaitsResponse: Bool {
        (exchange.phase == .connecting || exchange.phase == .forwarding) && !exchange.responseHeadSent
    }

    func timerFired() {
        timer = nil
        timerDeadline = .distantFuture
        guard context != nil else { return }
        let now = NIODeadline.now()
        switch exchange.phase {
        case .closing, .tunnel:
            return
        case .idle, .local, .connecting, .forwarding:
            break
        }
        if awaitsResponse {
            let deadline = exchange.start + TimeAmount(loop.timeouts.response)
            // Ticks go on at the idle period meanwhile, so idleness is still seen after the answer.
            guard now >= deadline else { return armTimer(at: min(deadline, now + TimeAmount(loop.timeouts.idle))) }
            abortUpstream()
            let service = loop.routes.services[exchange.service]
            return respondLocally(
                .gatewayTimeout(service: service),
                reason: "no response from \(exchange.slot?.backend.name ?? service) in time", close: !exchange.requestEnded
            )
        }
        if activity {
            activity = false
            return armTimer(at: now + TimeAmount(loop.timeouts.idle))
        }
        // Nothing moved for a whole idle period.
        if exchange.phase == .idle {
            closeNow()
        } else {
            exchange.reason = "idle timeout"
            log()
            closeNow()
        }
    }
}
