import NIOCore

/// The request head sent to a replica, written as bytes: the client's request line (its target
/// stripped where the route says) and fields copied through as they are, less hop-by-hop ones,
/// plus the `X-Forwarded-*` set and the request id. No field is decoded into a string.
enum UpstreamRequestHead {
    /// - Parameters:
    ///   - head: The client's request head.
    ///   - upstreamFrom: Where in the target the one to send starts (a stripped prefix); nil for all of it.
    ///   - clientAddress: The client's IP address, for `X-Forwarded-For`.
    ///   - requestID: The request's id, kept or generated.
    ///   - prefix: The stripped prefix, for `X-Forwarded-Prefix`; nil when nothing was stripped.
    ///   - buffer: Where to write.
    static func write(
        from head: RequestHead,
        upstreamFrom: Int?,
        clientAddress: String,
        requestID: RequestID,
        prefix: String?,
        into buffer: inout ByteBuffer
    ) {
        let bound = head.bytes.readableBytes * 2 + 160 + clientAddress.utf8.count + requestID.count + (prefix?.utf8.count ?? 0)
        head.withBytes { raw in
            buffer.write(atMost: bound) { out in
                out.copy(head.method, of: raw)
                out.byte(HTTPBytes.space)
                if let upstreamFrom {
                    let rest = head.target.lowerBound + upstreamFrom..<head.target.upperBound
                    if rest.isEmpty || raw[rest.lowerBound] != UInt8(ascii: "/") { out.byte(UInt8(ascii: "/")) }
                    out.copy(rest, of: raw)
                } else {
                    out.copy(head.target, of: raw)
                }
                out.text(" HTTP/1.1\r\n")
                if head.dropsFields {
                    out.copyFields(of: raw, from: head.fieldsStart, connectionListsFields: head.connectionListsFields) { kind in
                        switch kind {
                        case .connection, .keepAlive, .proxyConnection, .te, .upgrade, .xForwardedFor, .xForwardedHost,
                            .xForwardedPrefix, .xForwardedProto, .xRequestID:
                            true
                        default: false
                        }
                    }
                } else {
                    out.copy(head.fieldsStart..<raw.count - 2, of: raw)
                }
                // Replaced, not appended: the router is the edge, so what a client claims is not kept.
                out.text("x-forwarded-for: ")
                out.text(clientAddress)
                out.text("\r\nx-forwarded-proto: http\r\n")
                if let host = head.host { out.field("x-forwarded-host", host, of: raw) }
                if let prefix {
                    out.text("x-forwarded-prefix: ")
                    out.text(prefix)
                    out.text("\r\n")
                }
                out.text("x-request-id: ")
                requestID.write(into: &out)
                out.text("\r\n")
                if let upgrade = head.upgrade {
                    out.text("connection: upgrade\r\n")
                    out.field("upgrade", upgrade, of: raw)
                }
                out.text("\r\n")
            }
        }
    }
}
