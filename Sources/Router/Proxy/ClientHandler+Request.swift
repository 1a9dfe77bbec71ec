import NIOCore

extension ClientHandler {
    /// A request head: check its framing, route it, check its credentials, send it on.
    func begin(_ head: RequestHead) {
        exchange.start = .now()
        exchange.head = head
        exchange.active = true
        loop.activity.began(at: exchange.start)
        exchange.keepAlive = head.keepAlive
        exchange.clientIsHTTP10 = head.isHTTP10
        exchange.isHEAD = head.methodKind == .head
        exchange.expectsContinue = head.expectsContinue
        exchange.requestID = head.requestID.flatMap { RequestID.given(head.bytes, $0) } ?? loop.requestIDs.next()
        switch head.framing {
        case .invalid(let why):
            return refuse(head, .badRequest(why), reason: why)
        case .unsupported(let why):
            return refuse(head, .notImplemented(why), reason: why)
        case .none, .contentLength, .chunked:
            break
        }
        if head.methodKind == .connect {
            return refuse(head, .methodNotAllowed("CONNECT"), reason: "CONNECT is not proxied")
        }
        let match = head.withBytes { loop.routes.match(bytes: UnsafeRawBufferPointer(rebasing: $0[head.target])) }
        switch match {
        case .invalid(let why):
            refuse(head, .badRequest(why), reason: why)
        case .none:
            let (path, accept) = head.withBytes { raw in
                let target = UnsafeRawBufferPointer(rebasing: raw[head.target])
                let range = RouteTable.pathRange(target)
                return (
                    String(decoding: target[range.start..<range.end], as: UTF8.self),
                    head.accept.map { String(decoding: raw[$0], as: UTF8.self) }
                )
            }
            setPath(head)
            respondLocally(loop.notFound.response(path: path, accept: accept), reason: "no route", close: false)
        case .some(let found):
            let entry = loop.routes.entries[found.route]
            exchange.route = found.route
            exchange.pathStart = found.pathStart
            exchange.pathEnd = found.pathEnd
            exchange.service = entry.serviceIndex
            if let auth = entry.auth {
                let denial = head.withBytes { raw in auth.deny(bytes: head.authorization.map { UnsafeRawBufferPointer(rebasing: raw[$0]) }) }
                if let denial { return respondLocally(.unauthorized(realm: "devenv"), reason: denial.rawValue, close: false) }
            }
            if head.upgrade != nil {
                // Parsing stops after an upgrade request: whatever the answer, nothing more is
                // read as HTTP on this connection.
                exchange.upgrade = true
                exchange.keepAlive = false
            }
            exchange.requestChunked = head.framing == .chunked
            var bytes = loop.allocator.buffer(capacity: head.bytes.readableBytes + 256)
            UpstreamRequestHead.write(
                from: head, upstreamFrom: found.upstreamFrom, clientAddress: clientAddress, requestID: exchange.requestID,
                prefix: entry.rule.stripPrefix ? entry.prefixString : nil, into: &bytes
            )
            exchange.upstreamHead = bytes
            dispatch()
        }
    }

    /// Answers a request the router will not pass on, and closes.
    private func refuse(_ head: RequestHead, _ response: LocalResponse, reason: String) {
        setPath(head)
        respondLocally(response, reason: reason, close: true)
    }

    /// Where the path is in the target, for the access log, when no route said.
    private func setPath(_ head: RequestHead) {
        (exchange.pathStart, exchange.pathEnd) = head.withBytes { RouteTable.pathRange(UnsafeRawBufferPointer(rebasing: $0[head.target])) }
    }

    /// A piece of request body: upstream, or dropped after a local answer.
    func requestBody(_ body: ByteBuffer) {
        exchange.requestBytes += body.readableBytes
        switch exchange.phase {
        case .forwarding:
            if exchange.requestChunked {
                exchange.upstream?.sendChunk(body, crlf: loop.crlf)
            } else {
                exchange.upstream?.send(body)
            }
            exchange.requestBodySent = true
            exchange.upstreamNeedsFlush = true
        case .local:
            exchange.discarded += body.readableBytes
            if exchange.discarded > loop.limits.maxDiscardedBodyBytes {
                exchange.closeAfter = true
                exchange.requestEnded = true
                complete()
            }
        case .idle, .connecting, .tunnel, .closing:
            break
        }
    }

    /// The request's end: upstream, or the end of a local answer.
    func requestEnd(_ trailers: ByteBuffer?) {
        exchange.requestEnded = true
        switch exchange.phase {
        case .forwarding:
            if exchange.requestChunked {
                exchange.upstream?.sendLastChunk(trailers)
                exchange.upstreamNeedsFlush = true
            }
            if exchange.responseEnded { complete() }
        case .local:
            complete()
        case .idle, .connecting, .tunnel, .closing:
            break
        }
    }
}
