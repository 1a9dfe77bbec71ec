import NIOCore
import Testing

@testable import Router

@Suite("Streaming, live", .serialized)
struct StreamingTests {
    static let gibibyte = 1 << 30
    /// Far below a gibibyte: socket buffers on each hop, and the router's few read buffers.
    static let inFlightBound = 64 << 20

    @Test("A 1 GiB upload streams with bounded memory: a stalled replica stalls the client")
    func upload() async throws {
        let backend = try await TestBackend.start(name: "files.0")
        let fixture = try await RouterFixture.start(routes: [RouteRule(path: "/files", service: "files")], backends: ["files": [backend]])
        defer { Task { await fixture.shutdown(); await backend.stop() } }
        backend.control.pauseUploads(after: 4 << 20)

        let progress = BulkProgress()
        let inbox = Inbox()
        let head = "POST /files/upload HTTP/1.1\r\nHost: x\r\nContent-Length: \(Self.gibibyte)\r\n\r\n"
        let channel = try await connectBulk(port: fixture.port) {
            UploadWriter(head: head, total: Self.gibibyte, progress: progress, inbox: inbox)
        }
        defer { channel.close(promise: nil) }

        // The replica stopped reading: everything upstream of it must stop too.
        let sent = try await settledValue { progress.sent }
        let received = backend.control.uploadBytes
        #expect(received >= 4 << 20)
        #expect(sent < Self.gibibyte)
        #expect(sent - received < Self.inFlightBound, "in flight while stalled: \(sent - received) bytes")

        backend.control.resumeUploads()
        let response = try await inbox.take(timeout: .seconds(300)) { buffer, closed in
            TestResponse.parse(&buffer, closed: closed, toHEAD: false)
        }
        #expect(response.status == 200)
        #expect(response.text == "received=\(Self.gibibyte) mismatches=0\n")
        let log = try await fixture.accessLog()
        #expect(log.first?["request_bytes"] as? Int == Self.gibibyte)
    }

    @Test("A 1 GiB download streams with bounded memory: a client that stops reading stalls the replica")
    func download() async throws {
        let backend = try await TestBackend.start(name: "files.0")
        let fixture = try await RouterFixture.start(routes: [RouteRule(path: "/", service: "files")], backends: ["files": [backend]])
        defer { Task { await fixture.shutdown(); await backend.stop() } }

        let progress = BulkProgress()
        let channel = try await connectBulk(port: fixture.port, { DownloadReader(progress: progress) }, autoRead: false)
        defer { channel.close(promise: nil) }
        try await channel.writeAndFlush(ByteBuffer(string: "GET /download?bytes=\(Self.gibibyte) HTTP/1.1\r\nHost: x\r\n\r\n"))

        let produced = try await settledValue { backend.control.downloadBytes }
        #expect(produced > 0)
        #expect(produced < Self.inFlightBound, "written by the replica while the client read nothing: \(produced)")

        channel.pipeline.fireUserInboundEventTriggered("start")
        #expect(try await eventually(deadline: .seconds(300)) { progress.received >= Self.gibibyte })
        #expect(progress.received == Self.gibibyte)
        #expect(progress.mismatches == 0)
        #expect(progress.head.hasPrefix("HTTP/1.1 200 OK"))
        #expect(progress.head.lowercased().contains("content-length: \(Self.gibibyte)"))
    }

    @Test("Chunked request and response bodies pass through, re-framed")
    func chunked() async throws {
        let backend = try await TestBackend.start(name: "svc.0")
        let fixture = try await RouterFixture.start(routes: [RouteRule(path: "/", service: "svc")], backends: ["svc": [backend]])
        defer { Task { await fixture.shutdown(); await backend.stop() } }
        let client = try await RawClient.connect(port: fixture.port)
        defer { Task { await client.close() } }
        try await client.send("POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
        try await client.send("6;ext=1\r\n world\r\n0\r\n\r\n")
        let response = try await client.response()
        #expect(response.status == 200)
        #expect(response.wasChunked)
        #expect(response.text == "part1-part2-got:hello world")
        // The connection stays usable.
        try await client.send("GET /next HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try await client.response().echo["uri"] == "/next")
        let headers = backend.control.lastHeaders
        #expect(!headers.contains { $0.0 == "transfer-encoding" })
    }

    @Test("A replica's answer delimited by its close reaches the client chunked; the client's connection stays")
    func untilClose() async throws {
        let backend = try await TestBackend.start(name: "svc.0")
        let fixture = try await RouterFixture.start(routes: [RouteRule(path: "/", service: "svc")], backends: ["svc": [backend]])
        defer { Task { await fixture.shutdown(); await backend.stop() } }
        let client = try await RawClient.connect(port: fixture.port)
        defer { Task { await client.close() } }
        try await client.send("GET /until-close HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try await client.response()
        #expect(response.status == 200)
        #expect(response.wasChunked)
        #expect(response.text == "no length, the close ends it")
        try await client.send("GET /next HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try await client.response().echo["uri"] == "/next")
    }

    @Test("Server-sent events arrive as they are sent, not when the stream ends")
    func serverSentEvents() async throws {
        let backend = try await TestBackend.start(name: "events.0")
        let fixture = try await RouterFixture.start(routes: [RouteRule(path: "/", service: "events")], backends: ["events": [backend]])
        defer { Task { await fixture.shutdown(); await backend.stop() } }
        let client = try await RawClient.connect(port: fixture.port)
        defer { Task { await client.close() } }
        try await client.send("GET /sse HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
        let first = try await client.inbox.take(timeout: .seconds(10)) { buffer, _ -> String? in
            let text = String(buffer: buffer)
            return text.contains("data: one\n\n") ? text : nil
        }
        #expect(first.contains("text/event-stream"))
        #expect(!first.contains("data: two"))
        backend.control.releaseSSE()
        let rest = try await client.inbox.take(timeout: .seconds(10)) { buffer, _ -> String? in
            let text = String(buffer: buffer)
            return text.hasSuffix("0\r\n\r\n") ? text : nil
        }
        #expect(rest.contains("data: two\n\n"))
    }

    @Test("Expect: 100-continue: the replica's 100 reaches the client before the body is sent")
    func expectContinue() async throws {
        let backend = try await TestBackend.start(name: "svc.0")
        let fixture = try await RouterFixture.start(routes: [RouteRule(path: "/", service: "svc")], backends: ["svc": [backend]])
        defer { Task { await fixture.shutdown(); await backend.stop() } }
        let client = try await RawClient.connect(port: fixture.port)
        defer { Task { await client.close() } }
        try await client.send("POST /continue HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        let interim = try await client.response()
        #expect(interim.status == 100)
        try await client.send("hello")
        let final = try await client.response()
        #expect(final.status == 200)
        #expect(final.text == "received=5 mismatches=0\n")
    }

    @Test("WebSocket upgrade: frames echo both ways through the tunnel")
    func webSocket() async throws {
        let backend = try await TestBackend.start(name: "ws.0")
        let fixture = try await RouterFixture.start(
            routes: [RouteRule(path: "/chat", service: "ws", stripPrefix: true)], backends: ["ws": [backend]]
        )
        defer { Task { await fixture.shutdown(); await backend.stop() } }
        let client = try await RawClient.connect(port: fixture.port)
        defer { Task { await client.close() } }
        try await client.send(
            "GET /chat/ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        let switching = try await client.response()
        #expect(switching.status == 101)
        #expect(switching.header("upgrade") == "websocket")
        #expect(switching.header("connection")?.lowercased() == "upgrade")

        let mask: [UInt8] = [1, 2, 3, 4]
        for message in ["hello", String(repeating: "x", count: 300)] {
            try await client.send(WebSocketFrame.encode(opcode: 1, payload: Array(message.utf8), mask: mask))
            let echoed = try await client.inbox.take(timeout: .seconds(10)) { buffer, _ in WebSocketFrame.parse(&buffer) }
            #expect(echoed.opcode == 1)
            #expect(String(decoding: echoed.payload, as: UTF8.self) == message)
        }
        try await client.send(WebSocketFrame.encode(opcode: 8, payload: [0x03, 0xE8], mask: mask))
        let close = try await client.inbox.take(timeout: .seconds(10)) { buffer, _ in WebSocketFrame.parse(&buffer) }
        #expect(close.opcode == 8)
        _ = try await client.readToClose()
        let log = try await fixture.accessLog()
        #expect(log.first?["status"] as? Int == 101)
    }
}
