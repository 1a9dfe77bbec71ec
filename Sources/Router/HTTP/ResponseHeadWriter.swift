import NIOCore
import NIOHTTP1

/// Writes a replica's response head for the client, byte by byte into one buffer.
///
/// Hop-by-hop headers are dropped and the router's own framing and `Connection` written
/// instead, so the client sees what the router will do, not what the replica did.
enum ResponseHeadWriter {
    /// How the client connection goes on after the head.
    enum Connection {
        /// HTTP/1.1 keep-alive (nothing written) or HTTP/1.0 `keep-alive`.
        case keepAlive
        case close
        /// A `101`: `Connection: upgrade` and the replica's `Upgrade` kept.
        case upgrade
    }

    /// How the body that follows is framed for the client.
    struct Framing {
        /// The body is sent in chunks (the decoder hands it over unchunked).
        var chunked: Bool
        /// The connection closes after the body: it is the body's end, or was asked for.
        var close: Bool
    }

    /// - Parameters:
    ///   - head: The replica's response head.
    ///   - buffer: Where to write.
    ///   - bodyless: The response has no body whatever its headers say (HEAD, 1xx, 204, 304).
    ///   - connection: What the router would like; a body without framing forces `close` for
    ///     an HTTP/1.0 client.
    ///   - clientIsHTTP10: The client spoke HTTP/1.0: no chunks, `keep-alive` said out loud.
    ///   - requestID: Added as `X-Request-Id` when the replica sent none; nil to add nothing.
    /// - Returns: The framing of the body that follows.
    @discardableResult
    static func write(
        _ head: HTTPResponseHead,
        into buffer: inout ByteBuffer,
        bodyless: Bool,
        connection: Connection,
        clientIsHTTP10: Bool,
        requestID: String?
    ) -> Framing {
        let reason = head.status.reasonPhrase
        var bound = 32 + reason.utf8.count + 120 + (requestID?.utf8.count ?? 0)
        var sawContentLength = false
        var transferEncoding: String?
        var listed: [Substring] = []
        for (name, value) in head.headers {
            bound += name.utf8.count + value.utf8.count + 4
            switch HeaderKind(name) {
            case .connection:
                HeaderKind.forEachToken(value) { token in
                    if !HeaderKind.equal(token, "close"), !HeaderKind.equal(token, "keep-alive"), !HeaderKind.equal(token, "upgrade") {
                        listed.append(token)
                    }
                }
            case .transferEncoding: transferEncoding = value
            case .contentLength: sawContentLength = true
            default: break
            }
        }
        var framing = Framing(chunked: false, close: connection == .close)
        var writeTransferEncoding: String?
        if bodyless {
            // A HEAD or 304 may say how the body would have been framed.
            if !clientIsHTTP10 { writeTransferEncoding = transferEncoding }
        } else if transferEncoding != nil || !sawContentLength {
            if clientIsHTTP10 {
                framing.close = true  // the body ends where the connection does
            } else {
                framing.chunked = true
            }
        }
        buffer.write(atMost: bound) { out in
            writeStatusLine(code: Int(head.status.code), reason: reason, into: &out)
            var sawRequestID = false
            for (name, value) in head.headers {
                switch HeaderKind(name) {
                case .connection, .keepAlive, .proxyConnection, .transferEncoding, .te:
                    continue
                case .upgrade:
                    guard case .upgrade = connection else { continue }
                case .xRequestID:
                    sawRequestID = true
                default:
                    if !listed.isEmpty, listed.contains(where: { $0.lowercased() == name.lowercased() }) { continue }
                }
                header(name, value, into: &out)
            }
            if let writeTransferEncoding { header("transfer-encoding", writeTransferEncoding, into: &out) }
            if framing.chunked { out.text("transfer-encoding: chunked\r\n") }
            switch connection {
            case .upgrade: out.text("connection: upgrade\r\n")
            case .keepAlive, .close:
                if framing.close {
                    out.text("connection: close\r\n")
                } else if clientIsHTTP10 {
                    out.text("connection: keep-alive\r\n")
                }
            }
            if !sawRequestID, let requestID { header("x-request-id", requestID, into: &out) }
            out.text("\r\n")
        }
        return framing
    }

    /// An informational (`100 Continue`, `103 Early Hints`) head, passed on as it came.
    static func writeInformational(_ head: HTTPResponseHead, into buffer: inout ByteBuffer) {
        let reason = head.status.reasonPhrase
        var bound = 32 + reason.utf8.count
        for (name, value) in head.headers { bound += name.utf8.count + value.utf8.count + 4 }
        buffer.write(atMost: bound) { out in
            writeStatusLine(code: Int(head.status.code), reason: reason, into: &out)
            for (name, value) in head.headers {
                switch HeaderKind(name) {
                case .connection, .keepAlive, .proxyConnection, .te, .transferEncoding, .upgrade, .contentLength: continue
                default: header(name, value, into: &out)
                }
            }
            out.text("\r\n")
        }
    }

    @inline(__always)
    static func header(_ name: String, _ value: String, into out: inout ByteWriter) {
        out.text(name)
        out.text(": ")
        out.text(value)
        out.text("\r\n")
    }

    /// `HTTP/1.1 200 OK\r\n`: at most 16 bytes and the reason.
    static func writeStatusLine(code: Int, reason: String, into out: inout ByteWriter) {
        out.text("HTTP/1.1 ")
        let code = min(max(code, 100), 999)
        out.byte(UInt8(ascii: "0") + UInt8(code / 100))
        out.byte(UInt8(ascii: "0") + UInt8(code / 10 % 10))
        out.byte(UInt8(ascii: "0") + UInt8(code % 10))
        out.byte(UInt8(ascii: " "))
        out.text(reason)
        out.text("\r\n")
    }

    /// `HTTP/1.1 200 OK\r\n`.
    static func writeStatusLine(code: Int, reason: String, into buffer: inout ByteBuffer) {
        buffer.write(atMost: 16 + reason.utf8.count) { writeStatusLine(code: code, reason: reason, into: &$0) }
    }

    /// A chunk's size line: hex digits and CRLF.
    static func writeChunkHeader(size: Int, into buffer: inout ByteBuffer) {
        buffer.write(atMost: 18) { out in
            out.hex(size)
            out.text("\r\n")
        }
    }

    /// The end of a chunked body, either way through the proxy: the zero-size chunk, the
    /// trailers, and the empty line.
    static func writeLastChunk(trailers: HTTPHeaders?, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("0\r\n")
        for (name, value) in trailers ?? [:] {
            buffer.writeString(name)
            buffer.writeStaticString(": ")
            buffer.writeString(value)
            buffer.writeStaticString("\r\n")
        }
        buffer.writeStaticString("\r\n")
    }
}
