import NIOCore
import NIOHTTP1

/// The request head sent to a replica, written as bytes: the client's, less hop-by-hop headers,
/// plus the `X-Forwarded-*` set and the request id. No header list is rebuilt on the way.
enum UpstreamRequestHead {
    /// - Parameters:
    ///   - head: The client's request head.
    ///   - scan: What one pass over its headers found.
    ///   - target: The target to send when it differs from the client's (a stripped prefix).
    ///   - clientAddress: The client's IP address, for `X-Forwarded-For`.
    ///   - requestID: The request's id, kept or generated.
    ///   - prefix: The stripped prefix, for `X-Forwarded-Prefix`; nil when nothing was stripped.
    ///   - buffer: Where to write.
    static func write(
        from head: HTTPRequestHead,
        scan: RequestHeadScan,
        target: String?,
        clientAddress: String,
        requestID: String,
        prefix: String?,
        into buffer: inout ByteBuffer
    ) {
        let method = head.method.rawValue
        let target = target ?? head.uri
        var bound = method.utf8.count + target.utf8.count + 200 + clientAddress.utf8.count + requestID.utf8.count
        bound += (scan.host?.utf8.count ?? 0) + (prefix?.utf8.count ?? 0) + (scan.upgrade?.utf8.count ?? 0)
        for (name, value) in head.headers { bound += name.utf8.count + value.utf8.count + 4 }
        buffer.write(atMost: bound) { out in
            out.text(method)
            out.byte(UInt8(ascii: " "))
            out.text(target)
            out.text(" HTTP/1.1\r\n")
            for (name, value) in head.headers {
                switch HeaderKind(name) {
                case .connection, .keepAlive, .proxyConnection, .te, .upgrade, .xForwardedFor, .xForwardedHost,
                    .xForwardedPrefix, .xForwardedProto, .xRequestID:
                    continue
                default:
                    if !scan.connectionListed.isEmpty, scan.connectionListed.contains(where: { $0.lowercased() == name.lowercased() }) {
                        continue
                    }
                    ResponseHeadWriter.header(name, value, into: &out)
                }
            }
            // Replaced, not appended: the router is the edge, so what a client claims is not kept.
            ResponseHeadWriter.header("x-forwarded-for", clientAddress, into: &out)
            out.text("x-forwarded-proto: http\r\n")
            if let host = scan.host { ResponseHeadWriter.header("x-forwarded-host", host, into: &out) }
            if let prefix { ResponseHeadWriter.header("x-forwarded-prefix", prefix, into: &out) }
            ResponseHeadWriter.header("x-request-id", requestID, into: &out)
            if let upgrade = scan.upgrade {
                out.text("connection: upgrade\r\n")
                ResponseHeadWriter.header("upgrade", upgrade, into: &out)
            }
            out.text("\r\n")
        }
    }
}
