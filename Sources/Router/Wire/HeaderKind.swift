/// The header names the proxy treats specially, recognised in place in the message's bytes.
enum HeaderKind {
    case other
    case accept, authorization, connection, contentLength, expect, host, keepAlive, proxyConnection
    case te, trailer, transferEncoding, upgrade
    case xForwardedFor, xForwardedHost, xForwardedPrefix, xForwardedProto, xRequestID

    init(_ name: UnsafeRawBufferPointer) {
        // Dispatch on the length first: most names are ruled out by it alone.
        switch name.count {
        case 2: self = Self.equal(name, "te") ? .te : .other
        case 4: self = Self.equal(name, "host") ? .host : .other
        case 6: self = Self.equal(name, "accept") ? .accept : Self.equal(name, "expect") ? .expect : .other
        case 7: self = Self.equal(name, "upgrade") ? .upgrade : Self.equal(name, "trailer") ? .trailer : .other
        case 10: self = Self.equal(name, "connection") ? .connection : Self.equal(name, "keep-alive") ? .keepAlive : .other
        case 12: self = Self.equal(name, "x-request-id") ? .xRequestID : .other
        case 13: self = Self.equal(name, "authorization") ? .authorization : .other
        case 14: self = Self.equal(name, "content-length") ? .contentLength : .other
        case 15: self = Self.equal(name, "x-forwarded-for") ? .xForwardedFor : .other
        case 16:
            self = Self.equal(name, "proxy-connection") ? .proxyConnection : Self.equal(name, "x-forwarded-host") ? .xForwardedHost : .other
        case 17:
            self = Self.equal(name, "transfer-encoding") ? .transferEncoding : Self.equal(name, "x-forwarded-proto") ? .xForwardedProto : .other
        case 18: self = Self.equal(name, "x-forwarded-prefix") ? .xForwardedPrefix : .other
        default: self = .other
        }
    }

    /// Hop-by-hop: about one connection, never passed on (RFC 9110 §7.6.1).
    var isHopByHop: Bool {
        switch self {
        case .connection, .keepAlive, .proxyConnection, .te, .transferEncoding, .upgrade: true
        default: false
        }
    }

    /// Whether `bytes` equals `lowercase` ignoring ASCII case.
    @inline(__always)
    static func equal(_ bytes: UnsafeRawBufferPointer, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        let target = lowercase.utf8Start
        for index in 0..<bytes.count where bytes[index] | 0x20 != target[index] { return false }
        return true
    }

    /// Whether two names are equal ignoring ASCII case.
    static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        for index in 0..<a.count where a[index] | 0x20 != b[index] | 0x20 { return false }
        return true
    }

    /// Whether a comma-separated value lists `token`, ignoring case and spaces.
    static func list(_ value: UnsafeRawBufferPointer, contains token: StaticString) -> Bool {
        var found = false
        forEachToken(value) { if equal($0, token) { found = true } }
        return found
    }

    /// Calls `body` with each trimmed, non-empty element of a comma-separated list.
    static func forEachToken(_ value: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        var start = 0
        while start < value.count {
            var end = start
            while end < value.count, value[end] != UInt8(ascii: ",") { end += 1 }
            var first = start, last = end
            while first < last, value[first] == HTTPBytes.space || value[first] == HTTPBytes.tab { first += 1 }
            while last > first, value[last - 1] == HTTPBytes.space || value[last - 1] == HTTPBytes.tab { last -= 1 }
            if last > first { body(UnsafeRawBufferPointer(rebasing: value[first..<last])) }
            start = end + 1
        }
    }

    /// The last element of a comma-separated list, or nil when it has none.
    static func lastToken(_ value: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        var last: UnsafeRawBufferPointer?
        forEachToken(value) { last = $0 }
        return last
    }
}
