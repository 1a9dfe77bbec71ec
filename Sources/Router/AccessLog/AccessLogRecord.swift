import NIOCore

/// One request as the access log tells it. Credentials and query strings are never part of it.
struct AccessLogRecord {
    var requestID: String
    var client: String
    /// Nil when the request was too malformed to have one.
    var method: String?
    /// The request target; only its path (`pathStart..<pathEnd`, in bytes) is logged.
    var target: String
    var pathStart: Int
    var pathEnd: Int
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
        var bound = 256 + 6 * (requestID.utf8.count + client.utf8.count + (method?.utf8.count ?? 0))
        bound += 6 * ((pathEnd - pathStart) + (route?.utf8.count ?? 0) + (replica?.utf8.count ?? 0) + (reason?.utf8.count ?? 0))
        var target = target
        target.withUTF8 { targetBytes in
            let end = min(pathEnd, targetBytes.count)
            let start = min(pathStart, end)
            let path = UnsafeBufferPointer(rebasing: targetBytes[start..<end])
            buffer.write(atMost: bound) { out in
                out.text("{\"time\":\"")
                time.write(into: &out)
                out.text("\",\"id\":\"")
                out.json(requestID.utf8)
                out.text("\",\"client\":\"")
                out.json(client.utf8)
                out.text("\",\"method\":")
                optional(method, into: &out)
                out.text(",\"path\":")
                if method == nil {
                    out.text("null")
                } else {
                    out.byte(UInt8(ascii: "\""))
                    if path.isEmpty { out.byte(UInt8(ascii: "/")) }
                    out.json(path)
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
    }

    private func optional(_ value: String?, into out: inout ByteWriter) {
        guard let value else { return out.text("null") }
        out.byte(UInt8(ascii: "\""))
        out.json(value.utf8)
        out.byte(UInt8(ascii: "\""))
    }
}
