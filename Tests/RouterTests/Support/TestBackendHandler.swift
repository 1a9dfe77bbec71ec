import NIOCore
import NIOHTTP1

/// A backend's behaviour, chosen by the path:
/// `/ws` WebSocket echo, `/upload` count the body, `/download?bytes=N` stream N bytes,
/// `/sse` two events (the second once released), `/chunked` a chunked answer echoing the body,
/// `/slow` no answer, `/close-mid` a truncated answer, `/until-close` an HTTP/1.0 answer with no
/// length (the close ends it), `/continue` honour `Expect: 100-continue`,
/// anything else: an echo of what arrived (replica, method, target, headers, body).
final class TestBackendHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let name: String
    private let control: BackendControl
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()
    private var uploaded = 0
    private var uploadMismatches = 0
    private var paused = false
    private var readPending = false
    private var downloadRemaining = 0
    private var downloadOffset = 0
    private static let pattern: ByteBuffer = {
        var buffer = ByteBuffer()
        for index in 0..<65536 { buffer.writeInteger(UInt8(truncatingIfNeeded: index)) }
        return buffer
    }()

    init(name: String, control: BackendControl) {
        self.name = name
        self.control = control
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
            uploaded = 0
            control.recordRequest(headers: head.headers.map { ($0.name.lowercased(), $0.value) })
            if head.uri.contains("/upload") { control.setUploadChannel(context.channel) }
            if head.uri.contains("/continue"), head.headers["expect"].first?.lowercased() == "100-continue" {
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .continue))), promise: nil)
            }
        case .body(let part):
            if head?.uri.contains("/upload") == true {
                if part.getInteger(at: part.readerIndex, as: UInt8.self) != UInt8(truncatingIfNeeded: uploaded) { uploadMismatches += 1 }
                uploaded += part.readableBytes
                control.addUpload(part.readableBytes)
                if let threshold = control.uploadPauseThreshold, uploaded >= threshold { paused = true }
            } else {
                var part = part
                body.writeBuffer(&part)
            }
        case .end:
            guard let head else { return }
            respond(to: head, context: context)
        }
    }

    func read(context: ChannelHandlerContext) {
        if paused {
            readPending = true
        } else {
            context.read()
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard case .resume = event as? BackendEvent else { return context.fireUserInboundEventTriggered(event) }
        paused = false
        if readPending {
            readPending = false
            context.read()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, downloadRemaining > 0 { writeDownload(context: context) }
        context.fireChannelWritabilityChanged()
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let uri = head.uri
        if uri.contains("/ws") { return upgrade(context: context) }
        if uri.contains("/slow") { return }
        if uri.contains("/upload") || uri.contains("/continue") {
            let received = uri.contains("/upload") ? uploaded : body.readableBytes
            return send(context, "received=\(received) mismatches=\(uploadMismatches)\n")
        }
        if uri.contains("/download"), let bytes = uri.split(separator: "=").last.flatMap({ Int($0) }) {
            var headers = HTTPHeaders()
            headers.add(name: "content-length", value: String(bytes))
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            downloadRemaining = bytes
            downloadOffset = 0
            return writeDownload(context: context)
        }
        if uri.contains("/sse") { return serverSentEvents(context: context) }
        if uri.contains("/chunked") { return chunked(context: context) }
        if uri.contains("/close-mid") {
            var headers = HTTPHeaders()
            headers.add(name: "content-length", value: "1000")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "0123456789")))), promise: nil)
            context.close(promise: nil)
            return
        }
        if uri.contains("/until-close") {
            let head = HTTPResponseHead(version: .http1_0, status: .ok, headers: ["content-type": "text/plain"])
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "no length, ")))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "the close ends it")))), promise: nil)
            context.close(promise: nil)
            return
        }
        var text = "replica=\(name)\nmethod=\(head.method.rawValue)\nuri=\(uri)\nbody=\(String(buffer: body))\n"
        for (name, value) in head.headers { text += "header.\(name.lowercased())=\(value)\n" }
        send(context, text)
    }

    private func send(_ context: ChannelHandlerContext, _ text: String) {
        var headers = HTTPHeaders()
        headers.add(name: "content-length", value: String(text.utf8.count))
        headers.add(name: "content-type", value: "text/plain")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
        if head?.method != .HEAD { context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// Writes while the connection takes it: the backend itself never buffers more than a chunk.
    private func writeDownload(context: ChannelHandlerContext) {
        while downloadRemaining > 0, context.channel.isWritable {
            let count = min(downloadRemaining, Self.pattern.readableBytes)
            let chunk = Self.pattern.getSlice(at: 0, length: count)!
            downloadRemaining -= count
            downloadOffset += count
            control.addDownload(count)
            context.write(wrapOutboundOut(.body(.byteBuffer(chunk))), promise: nil)
            if downloadRemaining == 0 {
                context.write(wrapOutboundOut(.end(nil)), promise: nil)
            }
            context.flush()
        }
    }

    private func serverSentEvents(context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "text/event-stream")
        headers.add(name: "cache-control", value: "no-cache")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "data: one\n\n")))), promise: nil)
        let channel = context.channel
        control.afterSSERelease {
            channel.write(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(string: "data: two\n\n"))), promise: nil)
            channel.writeAndFlush(HTTPServerResponsePart.end(nil), promise: nil)
        }
    }

    private func chunked(context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok))), promise: nil)
        for part in ["part1-", "part2-", "got:\(String(buffer: body))"] {
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: part)))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    private func upgrade(context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "upgrade", value: "websocket")
        headers.add(name: "connection", value: "upgrade")
        headers.add(name: "sec-websocket-accept", value: "test")
        let head = HTTPResponseHead(version: .http1_1, status: .switchingProtocols, headers: headers)
        context.writeAndFlush(wrapOutboundOut(.head(head)), promise: nil)
        let pipeline = context.pipeline.syncOperations
        do {
            try pipeline.addHandler(WebSocketEcho())
            let decoder = try pipeline.context(handlerType: ByteToMessageHandler<HTTPRequestDecoder>.self)
            let encoder = try pipeline.context(handlerType: HTTPResponseEncoder.self)
            pipeline.removeHandler(context: context, promise: nil)
            pipeline.removeHandler(context: decoder, promise: nil)
            pipeline.removeHandler(context: encoder, promise: nil)
        } catch {
            context.close(promise: nil)
        }
    }
}
