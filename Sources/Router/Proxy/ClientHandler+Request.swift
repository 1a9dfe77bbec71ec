import NIOCore
import NIOHTTP1

extension ClientHandler {
    /// A request head: check its framing, route it, check its credentials, send it on.
    func begin(_ head: HTTPRequestHead) {
        exchange.start = .now()
        exchange.head = head
        exchange.active = true
        loop.activity.began()
        exchange.keepAlive = head.isKeepAlive
        exchange.clientIsHTTP10 = head.version.major == 1 && head.version.minor == 0
        exchange.isHEAD = head.method == .HEAD
        let scan = RequestHeadScan(head)
        exchange.expectsContinue = scan.expectsContinue
        if let id = scan.requestID, RequestHeadScan.isUsableRequestID(id) {
            exchange.requestID = id
        } else {
            exchange.requestID = loop.requestIDs.next()
        }
        switch scan.framing {
        case .invalid(let why):
            (exchange.pathStart, exchange.pathEnd) = RouteTable.pathRange(head.uri)
            return respondLocally(.badRequest(why), reason: why, close: true)
        case .unsupported(let why):
            (exchange.pathStart, exchange.pathEnd) = RouteTable.pathRange(head.uri)
            return respondLocally(.notImplemented(why), reason: why, close: true)
        case .none, .contentLength, .chunked:
            break
        }
        if head.method == .CONNECT {
            (exchange.pathStart, exchange.pathEnd) = RouteTable.pathRange(head.uri)
            return respondLocally(.methodNotAllowed("CONNECT"), reason: "CONNECT is not proxied", close: true)
        }
        switch loop.routes.match(head.uri) {
        case .invalid(let why):
            (exchange.pathStart, exchange.pathEnd) = RouteTable.pathRange(head.uri)
            respondLocally(.badRequest(why), reason: why, close: true)
        case .none:
            (exchange.pathStart, exchange.pathEnd) = RouteTable.pathRange(head.uri)
            let path = String(decoding: head.uri.utf8.dropFirst(exchange.pathStart).prefix(exchange.pathEnd - exchange.pathStart), as: UTF8.self)
            respondLocally(loop.notFound.response(path: path, accept: scan.accept), reason: "no route", close: false)
        case .some(let found):
            let entry = loop.routes.entries[found.route]
            exchange.route = found.route
            exchange.pathStart = found.pathStart
            exchange.pathEnd = found.pathEnd
            exchange.service = entry.serviceIndex
            if let auth = entry.auth, let denial = auth.deny(scan.authorization) {
                return respondLocally(.unauthorized(realm: "devenv"), reason: denial.rawValue, close: false)
            }
            if scan.upgrade != nil {
                // The decoder stops at an upgrade request: whatever the answer, nothing more is
                // read as HTTP on this connection.
                exchange.upgrade = true
                exchange.keepAlive = false
            }
            exchange.requestChunked = scan.framing == .chunked
            var bytes = context!.channel.allocator.buffer(capacity: 512)
            UpstreamRequestHead.write(
                from: head, scan: scan, target: found.upstreamTarget, clientAddress: clientAddress,
                requestID: exchange.requestID, prefix: entry.rule.stripPrefix ? entry.prefixString : nil, into: &bytes
            )
            exchange.upstreamHead = bytes
            dispatch()
        }
    }

    /// A piece of request body: upstream, or dropped after a local answer.
    func requestBody(_ body: ByteBuffer) {
        exchange.requestBytes += body.readableBytes
        switch exchange.phase {
        case .forwarding:
            if exchange.requestChunked {
                exchange.upstream?.sendChunk(body, crlf: loop.crlf)
            } else {
                exchange.upstream?.send(.body(.byteBuffer(body)))
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
    func requestEnd(_ trailers: HTTPHeaders?) {
        exchange.requestEnded = true
        switch exchange.phase {
        case .forwarding:
            if exchange.requestChunked { exchange.upstream?.sendLastChunk(trailers) }
            exchange.upstreamNeedsFlush = true
            if exchange.responseEnded { complete() }
        case .local:
            complete()
        case .idle, .connecting, .tunnel, .closing:
            break
        }
    }
}
