import NIOCore

/// A response the router writes itself: `400`, `401`, `404`, `501`, `502`, `503`, `504`.
struct LocalResponse {
    var status: Int
    var reason: String
    var contentType: StaticString = "text/plain; charset=utf-8"
    var body: String
    /// Extra header lines, each ending in CRLF (`WWW-Authenticate: …\r\n`).
    var extraHeaders: String = ""

    /// The head and body, with `Content-Length`, `Connection` and `X-Request-Id`.
    func write(into buffer: inout ByteBuffer, close: Bool, requestID: RequestID, headOnly: Bool) {
        ResponseHeadWriter.writeStatusLine(code: status, reason: reason, into: &buffer)
        buffer.writeStaticString("content-type: ")
        buffer.writeStaticString(contentType)
        buffer.writeStaticString("\r\ncontent-length: ")
        buffer.writeString(String(body.utf8.count))
        buffer.writeStaticString("\r\ncache-control: no-store\r\n")
        if close { buffer.writeStaticString("connection: close\r\n") }
        if !requestID.isEmpty {
            buffer.write(atMost: requestID.count + 16) { out in
                out.text("x-request-id: ")
                requestID.write(into: &out)
                out.text("\r\n")
            }
        }
        buffer.writeString(extraHeaders)
        buffer.writeStaticString("\r\n")
        if !headOnly { buffer.writeString(body) }
    }

    static func badRequest(_ why: String) -> LocalResponse {
        LocalResponse(status: 400, reason: "Bad Request", body: "400 Bad Request: \(why)\n")
    }

    static func unauthorized(realm: String) -> LocalResponse {
        LocalResponse(
            status: 401, reason: "Unauthorized", body: "401 Unauthorized\n",
            extraHeaders: "www-authenticate: Basic realm=\"\(realm)\", charset=\"UTF-8\"\r\n"
        )
    }

    static func notImplemented(_ why: String) -> LocalResponse {
        LocalResponse(status: 501, reason: "Not Implemented", body: "501 Not Implemented: \(why)\n")
    }

    static func badGateway(_ why: String) -> LocalResponse {
        LocalResponse(status: 502, reason: "Bad Gateway", body: "502 Bad Gateway: \(why)\n")
    }

    static func unavailable(service: String) -> LocalResponse {
        LocalResponse(
            status: 503, reason: "Service Unavailable",
            body: "503 Service Unavailable: no healthy replica of \(service)\n",
            extraHeaders: "retry-after: 1\r\n"
        )
    }

    /// The environment serves nothing now (paused or asleep): says so and what wakes it.
    static func asleep(_ notice: String) -> LocalResponse {
        LocalResponse(status: 503, reason: "Service Unavailable", body: "503 Service Unavailable: \(notice)\n",
                      extraHeaders: "retry-after: 5\r\n")
    }

    static func gatewayTimeout(service: String) -> LocalResponse {
        LocalResponse(status: 504, reason: "Gateway Timeout", body: "504 Gateway Timeout: \(service) did not answer in time\n")
    }

    static func methodNotAllowed(_ method: String) -> LocalResponse {
        LocalResponse(status: 405, reason: "Method Not Allowed", body: "405 Method Not Allowed: \(method) is not proxied\n")
    }
}
