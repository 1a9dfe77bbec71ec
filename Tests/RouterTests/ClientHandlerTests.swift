import Foundation
import NIOCore
import NIOEmbedded
import Testing

@testable import Router

/// The client side's parsing and local answers, with no socket: an `EmbeddedChannel`.
@Suite("Client handler, embedded")
struct ClientHandlerTests {
    static func channel(_ routes: [RouteRule] = [RouteRule(path: "/", service: "svc")]) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        let loop = LoopContext(
            eventLoop: channel.eventLoop, routes: RouteTable(routes), directory: BackendDirectory(), activity: RouterActivity(),
            timeouts: RouterTimeouts(), limits: RouterLimits(), accessLog: nil
        )
        try channel.pipeline.syncOperations.addHandler(ClientHandler(loop: loop))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    static func written(_ channel: EmbeddedChannel) throws -> String {
        var text = ""
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
        return text
    }

    @Test("Both Content-Length and Transfer-Encoding: 400 and closed, before any routing")
    func smuggling() throws {
        let channel = try Self.channel()
        _ = try? channel.writeInbound(
            ByteBuffer(string: "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        )
        let text = try Self.written(channel)
        #expect(text.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(text.contains("connection: close\r\n"))
        #expect(!channel.isActive)
    }

    @Test("A bad chunk size after a good head: 400 and closed")
    func badChunk() throws {
        let channel = try Self.channel([RouteRule(path: "/x", service: "svc")])
        _ = try? channel.writeInbound(ByteBuffer(string: "POST /y HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n"))
        let text = try Self.written(channel)
        #expect(text.hasPrefix("HTTP/1.1 404 Not Found\r\n"))
        #expect(!channel.isActive)
    }

    @Test("No replica: 503, and the connection stays for the next request")
    func unavailable() throws {
        let channel = try Self.channel()
        try channel.writeInbound(ByteBuffer(string: "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n"))
        let text = try Self.written(channel)
        #expect(text.components(separatedBy: "HTTP/1.1 503 Service Unavailable\r\n").count == 3)
        #expect(!text.contains("connection: close"))
        #expect(channel.isActive)
        _ = try? channel.finish()
    }

    @Test("401 for a protected route; the body of the denied request is read and dropped")
    func denied() throws {
        let credentials = BasicAuthCredentials(user: "u", password: "p")
        let channel = try Self.channel([RouteRule(path: "/admin", service: "svc", basicAuth: credentials)])
        try channel.writeInbound(ByteBuffer(string: "POST /admin HTTP/1.1\r\nContent-Length: 4\r\n\r\nabcdGET /nope HTTP/1.1\r\n\r\n"))
        let text = try Self.written(channel)
        #expect(text.hasPrefix("HTTP/1.1 401 Unauthorized\r\n"))
        #expect(text.contains("www-authenticate: Basic realm=\"devenv\""))
        #expect(text.contains("HTTP/1.1 404 Not Found\r\n"))
        #expect(channel.isActive)
        _ = try? channel.finish()
    }

    @Test("Expect: 100-continue denied: the client will not send the body, so the connection closes")
    func deniedExpect() throws {
        let credentials = BasicAuthCredentials(user: "u", password: "p")
        let channel = try Self.channel([RouteRule(path: "/", service: "svc", basicAuth: credentials)])
        try channel.writeInbound(ByteBuffer(string: "PUT / HTTP/1.1\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"))
        let text = try Self.written(channel)
        #expect(text.hasPrefix("HTTP/1.1 401 Unauthorized\r\n"))
        #expect(text.contains("connection: close\r\n"))
        #expect(!channel.isActive)
    }

    @Test("Unsupported transfer coding: 501; CONNECT: 405; dot segments: 400")
    func refusals() throws {
        for (request, status) in [
            ("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", "501"),
            ("CONNECT example.test:443 HTTP/1.1\r\nHost: example.test:443\r\n\r\n", "405"),
            ("GET /a/../b HTTP/1.1\r\n\r\n", "400"),
        ] {
            let channel = try Self.channel()
            _ = try? channel.writeInbound(ByteBuffer(string: request))
            #expect(try Self.written(channel).hasPrefix("HTTP/1.1 \(status) "), "\(request)")
            #expect(!channel.isActive)
        }
    }
}
