import NIOCore

/// Writes a replica's response head for the client into one buffer, its fields copied through
/// in runs.
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
    ///   - requestID: Added as `X-Request-Id` when the replica sent none.
    /// - Returns: The framing of the body that follows.
    @discardableResult
    static func write(
        _ head: ResponseHead,
        into buffer: inout ByteBuffer,
        bodyless: Bool,
        connection: Connection,
        clientIsHTTP10: Bool,
        requestID: RequestID
    ) -> Framing {
        var framing = Framing(chunked: false, close: connection == .close)
        var keepTransferEncoding = false
        if bodyless {
            // A HEAD or 304 may say how the body would have been framed.
            keepTransferEncoding = !clientIsHTTP10 && head.transferEncoding != nil
        } else if head.framing == .chunked || head.framing == .untilClose {
            if clientIsHTTP10 {
                framing.close = true  // the body ends where the connection does
            } else {
                framing.chunked = true
            }
        }
        let bound = head.bytes.readableBytes + 96 + requestID.count
        head.bytes.withUnsafeReadableBytes { raw in
            buffer.write(atMost: bound) { out in
                writeStatusLine(head, of: raw, into: &out)
                if head.dropsFields || head.connectionListsFields {
                    out.copyFields(of: raw, from: head.fieldsStart, connectionListsFields: head.connectionListsFields) { kind in
                        kind == .upgrade ? connection != .upgrade : kind.isHopByHop
                    }
                } else {
                    out.copy(head.fieldsStart..<raw.count - 2, of: raw)
                }
                if keepTransferEncoding, let value = head.transferEncoding { out.field("transfer-encoding", value, of: raw) }
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
                if !head.hasRequestID {
                    out.text("x-request-id: ")
                    requestID.write(into: &out)
                    out.text("\r\n")
                }
                out.text("\r\n")
            }
        }
        return framing
    }

    /// An informational (`100 Continue`, `103 Early Hints`) head, passed on as it came.
    static func writeInformational(_ head: ResponseHead, into buffer: inout ByteBuffer) {
        head.bytes.withUnsafeReadableBytes { raw in
            buffer.write(atMost: head.bytes.readableBytes + 16) { out in
                writeStatusLine(head, of: raw, into: &out)
                out.copyFields(of: raw, from: head.fieldsStart, connectionListsFields: head.connectionListsFields) { kind in
                    kind.isHopByHop || kind == .contentLength
                }
                out.text("\r\n")
            }
        }
    }

    /// The replica's status code and reason, as HTTP/1.1.
    private static func writeStatusLine(_ head: ResponseHead, of raw: UnsafeRawBufferPointer, into out: inout ByteWriter) {
        writeStatusCode(head.status, into: &out)
        out.copy(head.reason, of: raw)
        out.text("\r\n")
    }

    /// `HTTP/1.1 200 `: 13 bytes.
    private static func writeStatusCode(_ code: Int, into out: inout ByteWriter) {
        out.text("HTTP/1.1 ")
        let code = min(max(code, 100), 999)
        out.byte(UInt8(ascii: "0") + UInt8(code / 100))
        out.byte(UInt8(ascii: "0") + UInt8(code / 10 % 10))
        out.byte(UInt8(ascii: "0") + UInt8(code % 10))
        out.byte(UInt8(ascii: " "))
    }

    /// `HTTP/1.1 200 OK\r\n`: at most 16 bytes and the reason.
    static func writeStatusLine(code: Int, reason: String, into out: inout ByteWriter) {
        writeStatusCode(code, into: &out)
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
    static func writeLastChunk(trailers: ByteBuffer?, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("0\r\n")
        if let trailers { buffer.writeImmutableBuffer(trailers) }
        buffer.writeStaticString("\r\n")
    }
}
