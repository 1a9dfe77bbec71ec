import NIOCore

/// One request as the access log tells it. Credentials and query strings are never part of it.
struct AccessLogRecord {
    var requestID: RequestID
    var client: String
    /// The request's head; nil when the request was too malformed to have a method and path.
    var head: ByteBuffer?
    /// Where the method is in `head`.
    var method: Range<Int>
    /// Where the path is in `head`: the target without its query.
    var path: Range<Int>
    /// The matched route's path, or nil when none matched.
    var route: String?
    /// The replica's name (`adder.0`), or nil when none was reached.
    var replica: String?
    var status: Int
    /// Response body bytes sent to the client.
    var bytes: Int
    /// Request body bytes received from the client.
    var requestBytes: Int
    var durationNanoseconds: Int64
    /// Why the router answered as it did (a denial, an upstream failure); nil for a proxied answer.
    var reason: String?

    /// Writes the record as one JSON line, `time` first (the log reader looks for it).
    func write(into buffer: inout ByteBuffer, time: inout UTCTimestamp) {
        let bound = 256 + 6 * (requestID.count + client.utf8.count + method.count + path.count)
            + 6 * ((route?.utf8.count ?? 0) + (replica?.utf8.count ?? 0) + (reason?.utf8.count ?? 0))
        func writeLine(_ raw: UnsafeRawBufferPointer) {
            buffer.write(atMost: bound) { out in
                out.text("{\"time\":\"")
                time.write(into: &out)
                out.text("\",\"id\":\"")
                requestID.write(into: &out)
                out.text("\",\"client\":\"")
                out.json(client.utf8)
                if raw.isEmpty {
                    out.text("\",\"method\":null,\"path\":null")
                } else {
                    out.text("\",\"method\":\"")
                    out.json(raw[method])
                    out.text("\",\"path\":\"")
                    if path.isEmpty { out.byte(UInt8(ascii: "/")) }
                    out.json(raw[path])
                    out.byte(UInt8(ascii: "\""))
                }
                out.text(",\"route\":")
                optional(route, into: &out)
                out.text(",\"replica\":")
                optional(replica, into: &out)
                out.text(",\"status\":")
                out.decimal(status)
                out.text(",\"bytes\":")
                out.decimal(self.bytes)
                out.text(",\"request_bytes\":")
                out.decimal(requestBytes)
                out.text(",\"duration_ms\":")
                let micros = Int(max(durationNanoseconds, 0) / 1000)
                out.decimal(micros / 1000)
                out.byte(UInt8(ascii: "."))
                let fraction = micros % 1000
                out.byte(UInt8(ascii: "0") + UInt8(fraction / 100))
                out.byte(UInt8(ascii: "0") + UInt8(fraction / 10 % 10))
                out.byte(UInt8(ascii: "0") + UInt8(fraction % 10))
                if let reason {
                    out.text(",\"reason\":\"")
                    out.json(reason.utf8)
                    out.byte(UInt8(ascii: "\""))
                }
                out.text("}\n")
            }
        }
        if let head { head.withUnsafeReadableBytes(writeLine) } else { writeLine(UnsafeRawBufferPointer(start: nil, count: 0)) }
    }

    private func optional(_ value: String?, into out: inout ByteWriter) {
        guard let value else { return out.text("null") }
        out.byte(UInt8(ascii: "\""))
        out.json(value.utf8)
        out.byte(UInt8(ascii: "\""))
    }
}
