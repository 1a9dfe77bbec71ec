import Foundation
import NIOCore
import NIOHTTP1
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

    static func head(_ headers: [(String, String)], version: HTTPVersion = .http1_1) -> HTTPRequestHead {
        HTTPRequestHead(version: version, method: .POST, uri: "/x", headers: HTTPHeaders(headers))
    }

    @Test("Framing: smuggling shapes are invalid")
    func framing() {
        #expect(RequestHeadScan(Self.head([("Content-Length", "5")])).framing == .contentLength)
        #expect(RequestHeadScan(Self.head([("Transfer-Encoding", "Chunked")])).framing == .chunked)
        #expect(RequestHeadScan(Self.head([])).framing == .none)
        #expect(
            RequestHeadScan(Self.head([("Content-Length", "5"), ("Transfer-Encoding", "chunked")])).framing
                == .invalid("both Content-Length and Transfer-Encoding")
        )
        #expect(RequestHeadScan(Self.head([("Content-Length", "5"), ("content-length", "5")])).framing == .invalid("duplicate Content-Length"))
        #expect(
            RequestHeadScan(Self.head([("Transfer-Encoding", "chunked"), ("Transfer-Encoding", "chunked")])).framing
                == .invalid("duplicate Transfer-Encoding")
        )
        #expect(RequestHeadScan(Self.head([("Transfer-Encoding", "chunked, identity")])).framing == .invalid("Transfer-Encoding does not end in chunked"))
        #expect(RequestHeadScan(Self.head([("Transfer-Encoding", "gzip, chunked")])).framing == .unsupported("transfer coding other than chunked"))
        #expect(
            RequestHeadScan(Self.head([("Transfer-Encoding", "chunked")], version: .http1_0)).framing
                == .invalid("Transfer-Encoding in an HTTP/1.0 request")
        )
    }

    static func upstream(_ head: HTTPRequestHead, target: String?, client: String, id: String, prefix: String?) -> [String: [String]] {
        var buffer = ByteBuffer()
        UpstreamRequestHead.write(
            from: head, scan: RequestHeadScan(head), target: target, clientAddress: client, requestID: id, prefix: prefix, into: &buffer
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
    func upstreamHead() {
        let head = Self.head([
            ("Host", "example.test"), ("Connection", "keep-alive, X-Secret-Hop"), ("X-Secret-Hop", "1"),
            ("Keep-Alive", "timeout=5"), ("X-Forwarded-For", "6.6.6.6"), ("Accept", "*/*"), ("TE", "trailers"),
            ("Content-Length", "3"),
        ])
        let upstream = Self.upstream(head, target: "/y", client: "127.0.0.1", id: "abc", prefix: "/adder")
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

        let upgrade = Self.head([("Connection", "Upgrade"), ("Upgrade", "websocket")])
        let upgraded = Self.upstream(upgrade, target: nil, client: "::1", id: "r", prefix: nil)
        #expect(upgraded[""] == ["POST /x HTTP/1.1"])
        #expect(upgraded["upgrade"] == ["websocket"])
        #expect(upgraded["connection"] == ["upgrade"])
        #expect(upgraded["x-forwarded-prefix"] == nil)
    }

    @Test("Request ids: kept when printable and short")
    func requestIDs() {
        #expect(RequestHeadScan.isUsableRequestID("0f1e-2d3c"))
        #expect(!RequestHeadScan.isUsableRequestID(""))
        #expect(!RequestHeadScan.isUsableRequestID("has space"))
        #expect(!RequestHeadScan.isUsableRequestID("quote\""))
        #expect(!RequestHeadScan.isUsableRequestID(String(repeating: "a", count: 129)))
        var generator = RequestIDGenerator()
        let first = generator.next(), second = generator.next()
        #expect(first.utf8.count == 32 && second.utf8.count == 32 && first != second)
        #expect(first.allSatisfy { $0.isHexDigit })
    }

    static func written(_ head: HTTPResponseHead, bodyless: Bool = false, close: Bool = false, http10: Bool = false) -> (String, ResponseHeadWriter.Framing) {
        var buffer = ByteBuffer()
        let framing = ResponseHeadWriter.write(
            head, into: &buffer, bodyless: bodyless, connection: close ? .close : .keepAlive, clientIsHTTP10: http10, requestID: "rid"
        )
        return (String(buffer: buffer), framing)
    }

    @Test("Response head: framing and Connection are the router's")
    func responseHead() {
        let withLength = HTTPResponseHead(
            version: .http1_1, status: .ok,
            headers: ["Content-Length": "2", "Connection": "close, X-Hop", "X-Hop": "1", "Keep-Alive": "5", "Server": "b"]
        )
        let (text, framing) = Self.written(withLength)
        #expect(text == "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nServer: b\r\nx-request-id: rid\r\n\r\n")
        #expect(!framing.chunked && !framing.close)

        let chunked = HTTPResponseHead(version: .http1_1, status: .ok, headers: ["Transfer-Encoding": "chunked", "X-Request-Id": "up"])
        let (chunkedText, chunkedFraming) = Self.written(chunked, close: true)
        #expect(chunkedText == "HTTP/1.1 200 OK\r\nX-Request-Id: up\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n")
        #expect(chunkedFraming.chunked && chunkedFraming.close)

        let unframed = HTTPResponseHead(version: .http1_0, status: .ok, headers: [:])
        #expect(Self.written(unframed).1.chunked)
        let (oldText, oldFraming) = Self.written(unframed, http10: true)
        #expect(!oldFraming.chunked && oldFraming.close)
        #expect(oldText.contains("connection: close\r\n"))

        let notModified = HTTPResponseHead(version: .http1_1, status: .notModified, headers: [:])
        #expect(Self.written(notModified, bodyless: true).1.chunked == false)
        let (keep10, _) = Self.written(withLength, http10: true)
        #expect(keep10.contains("connection: keep-alive\r\n"))
    }

    @Test("Chunk sizes in hex", arguments: [(1, "1"), (15, "f"), (16, "10"), (65536, "10000"), (0, "0")])
    func chunkHeader(_ example: (Int, String)) {
        var buffer = ByteBuffer()
        ResponseHeadWriter.writeChunkHeader(size: example.0, into: &buffer)
        #expect(String(buffer: buffer) == example.1 + "\r\n")
    }
}
