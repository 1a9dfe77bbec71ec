import Foundation
import NIOCore
import Testing

@testable import Router

@Suite("Header handling")
struct HeaderHandlingTests {
    @Test("Basic auth: constant-time token compare, scheme case-insensitive, reasons without secrets")
    func basicAuth() {
        let check = BasicAuthCheck(BasicAuthCredentials(user: "admin", password: "s3cret"))
        let token = String(decoding: BasicAuthCheck.base64(Array("admin:s3cret".utf8)), as: UTF8.self)
        #expect(token == "YWRtaW46czNjcmV0")
        #expect(check.deny("Basic \(token)") == nil)
        #expect(check.deny("basic  \(token) ") == nil)
        #expect(check.deny(nil) == .missing)
        #expect(check.deny("Bearer \(token)") == .malformed)
        #expect(check.deny("Basic") == .malformed)
        #expect(check.deny("Basic YWRtaW46czNjcmV1") == .wrong)
        #expect(check.deny("Basic YWRtaW46czNjcmV0YQ==") == .wrong)
        #expect(check.deny("Basic ") == .malformed)
    }

    @Test("Base64 padding", arguments: [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg==")])
    func base64(_ example: (String, String)) {
        #expect(String(decoding: BasicAuthCheck.base64(Array(example.0.utf8)), as: UTF8.self) == example.1)
    }

    static func head(_ headers: [(String, String)], version: String = "HTTP/1.1", target: String = "/x") throws -> RequestHead {
        let text = "POST \(target) \(version)\r\n" + headers.map { "\($0.0): \($0.1)\r\n" }.joined() + "\r\n"
        return try RequestHead(ByteBuffer(string: text), maxFields: 100)
    }

    @Test("Framing: smuggling shapes are invalid")
    func framing() throws {
        #expect(try Self.head([("Content-Length", "5")]).framing == .contentLength(5))
        #expect(try Self.head([("Transfer-Encoding", "Chunked")]).framing == .chunked)
        #expect(try Self.head([]).framing == .none)
        #expect(try Self.head([("Content-Length", "5"), ("Transfer-Encoding", "chunked")]).framing == .invalid("both Content-Length and Transfer-Encoding"))
        #expect(try Self.head([("Content-Length", "5"), ("content-length", "5")]).framing == .invalid("duplicate Content-Length"))
        #expect(try Self.head([("Transfer-Encoding", "chunked"), ("Transfer-Encoding", "chunked")]).framing == .invalid("duplicate Transfer-Encoding"))
        #expect(try Self.head([("Transfer-Encoding", "chunked, identity")]).framing == .invalid("Transfer-Encoding does not end in chunked"))
        #expect(try Self.head([("Transfer-Encoding", "gzip, chunked")]).framing == .unsupported("transfer coding other than chunked"))
        #expect(try Self.head([("Transfer-Encoding", "chunked")], version: "HTTP/1.0").framing == .invalid("Transfer-Encoding in an HTTP/1.0 request"))
        #expect(try Self.head([("Content-Length", "+4")]).framing == .invalid("Content-Length is not a number"))
        #expect(try Self.head([("Content-Length", "4, 4")]).framing == .invalid("Content-Length is not a number"))
    }

    @Test("Keep-alive and the values the proxy needs are found in place")
    func values() throws {
        let head = try Self.head([("Host", "example.test"), ("Connection", "Upgrade"), ("Upgrade", "websocket"), ("Expect", "100-Continue")])
        #expect(head.keepAlive && !head.isHTTP10 && head.expectsContinue && head.dropsFields)
        head.withBytes { raw in
            #expect(String(decoding: raw[head.host!], as: UTF8.self) == "example.test")
            #expect(String(decoding: raw[head.upgrade!], as: UTF8.self) == "websocket")
            #expect(String(decoding: raw[head.target], as: UTF8.self) == "/x")
        }
        #expect(try !Self.head([], version: "HTTP/1.0").keepAlive)
        #expect(try Self.head([("Connection", "keep-alive")], version: "HTTP/1.0").keepAlive)
        #expect(try !Self.head([("Connection", "close")]).keepAlive)
        #expect(try !Self.head([("Host", "a")]).dropsFields)
    }

    static func upstream(_ head: RequestHead, from: Int?, client: String, id: String, prefix: String?) -> [String: [String]] {
        var buffer = ByteBuffer()
        UpstreamRequestHead.write(
            from: head, upstreamFrom: from, clientAddress: client, requestID: .given(ByteBuffer(string: id)), prefix: prefix, into: &buffer
        )
        let text = String(buffer: buffer)
        #expect(text.hasSuffix("\r\n\r\n"))
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: true).map(String.init)
        var headers: [String: [String]] = ["": [lines.removeFirst()]]
        for line in lines {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            headers[parts[0].lowercased(), default: []].append(parts[1])
        }
        return headers
    }

    @Test("Upstream head: hop-by-hop dropped, X-Forwarded-* replaced, request id and upgrade kept")
    func upstreamHead() throws {
        let head = try Self.head(
            [
                ("Host", "example.test"), ("Connection", "keep-alive, X-Secret-Hop"), ("X-Secret-Hop", "1"),
                ("Keep-Alive", "timeout=5"), ("X-Forwarded-For", "6.6.6.6"), ("Accept", "*/*"), ("TE", "trailers"),
                ("Content-Length", "3"),
            ], target: "/adder/y"
        )
        let upstream = Self.upstream(head, from: 6, client: "127.0.0.1", id: "abc", prefix: "/adder")
        #expect(upstream[""] == ["POST /y HTTP/1.1"])
        #expect(upstream["x-secret-hop"] == nil)
        #expect(upstream["connection"] == nil)
        #expect(upstream["keep-alive"] == nil)
        #expect(upstream["te"] == nil)
        #expect(upstream["x-forwarded-for"] == ["127.0.0.1"])
        #expect(upstream["x-forwarded-proto"] == ["http"])
        #expect(upstream["x-forwarded-host"] == ["example.test"])
        #expect(upstream["x-forwarded-prefix"] == ["/adder"])
        #expect(upstream["x-request-id"] == ["abc"])
        #expect(upstream["content-length"] == ["3"])
        #expect(upstream["accept"] == ["*/*"])

        let upgrade = try Self.head([("Connection", "Upgrade"), ("Upgrade", "websocket")])
        let upgraded = Self.upstream(upgrade, from: nil, client: "::1", id: "r", prefix: nil)
        #expect(upgraded[""] == ["POST /x HTTP/1.1"])
        #expect(upgraded["upgrade"] == ["websocket"])
        #expect(upgraded["connection"] == ["upgrade"])
        #expect(upgraded["x-forwarded-prefix"] == nil)

        let whole = try Self.head([("Host", "h"), ("X-A", "1")], target: "/adder")
        #expect(Self.upstream(whole, from: 6, client: "::1", id: "r", prefix: "/adder")[""] == ["POST / HTTP/1.1"])
    }

    @Test("Request ids: kept when printable and short")
    func requestIDs() {
        func usable(_ id: String) -> Bool {
            let buffer = ByteBuffer(string: id)
            return RequestID.given(buffer, 0..<buffer.readableBytes) != nil
        }
        #expect(usable("0f1e-2d3c"))
        #expect(!usable(""))
        #expect(!usable("has space"))
        #expect(!usable("quote\""))
        #expect(!usable(String(repeating: "a", count: 129)))
        var generator = RequestIDGenerator()
        let first = generator.next().text, second = generator.next().text
        #expect(first.utf8.count == 32 && second.utf8.count == 32 && first != second)
        #expect(first.allSatisfy { $0.isHexDigit })
    }

    static func response(_ text: String, toHEAD: Bool = false) throws -> ResponseHead {
        try ResponseHead(ByteBuffer(string: text), maxFields: 100, toHEAD: toHEAD)
    }

    static func written(_ head: ResponseHead, bodyless: Bool = false, close: Bool = false, http10: Bool = false) -> (String, ResponseHeadWriter.Framing) {
        var buffer = ByteBuffer()
        let framing = ResponseHeadWriter.write(
            head, into: &buffer, bodyless: bodyless, connection: close ? .close : .keepAlive, clientIsHTTP10: http10,
            requestID: .given(ByteBuffer(string: "rid"))
        )
        return (String(buffer: buffer), framing)
    }

    @Test("Response head: framing and Connection are the router's")
    func responseHead() throws {
        let withLength = try Self.response("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close, X-Hop\r\nX-Hop: 1\r\nKeep-Alive: 5\r\nServer: b\r\n\r\n")
        let (text, framing) = Self.written(withLength)
        #expect(text == "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nServer: b\r\nx-request-id: rid\r\n\r\n")
        #expect(!framing.chunked && !framing.close)
        #expect(!withLength.keepAlive)

        let chunked = try Self.response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Request-Id: up\r\n\r\n")
        let (chunkedText, chunkedFraming) = Self.written(chunked, close: true)
        #expect(chunkedText == "HTTP/1.1 200 OK\r\nX-Request-Id: up\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n")
        #expect(chunkedFraming.chunked && chunkedFraming.close)

        let unframed = try Self.response("HTTP/1.0 200 OK\r\n\r\n")
        #expect(unframed.framing == .untilClose && !unframed.keepAlive)
        #expect(Self.written(unframed).1.chunked)
        let (oldText, oldFraming) = Self.written(unframed, http10: true)
        #expect(!oldFraming.chunked && oldFraming.close)
        #expect(oldText.contains("connection: close\r\n"))

        let notModified = try Self.response("HTTP/1.1 304 Not Modified\r\n\r\n")
        #expect(notModified.framing == .none)
        #expect(Self.written(notModified, bodyless: true).1.chunked == false)
        let (keep10, _) = Self.written(withLength, http10: true)
        #expect(keep10.contains("connection: keep-alive\r\n"))
        #expect(try Self.response("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", toHEAD: true).framing == .none)
        #expect(try Self.response("HTTP/1.1 204 No Content\r\n\r\n").framing == .none)
    }

    @Test("Chunk sizes in hex", arguments: [(1, "1"), (15, "f"), (16, "10"), (65536, "10000"), (0, "0")])
    func chunkHeader(_ example: (Int, String)) {
        var buffer = ByteBuffer()
        ResponseHeadWriter.writeChunkHeader(size: example.0, into: &buffer)
        #expect(String(buffer: buffer) == example.1 + "\r\n")
    }
}
