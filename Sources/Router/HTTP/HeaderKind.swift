/// The header names the proxy treats specially, recognised without allocating.
enum HeaderKind {
    case other
    case accept, authorization, connection, contentLength, expect, host, keepAlive, proxyConnection
    case te, trailer, transferEncoding, upgrade
    case xForwardedFor, xForwardedHost, xForwardedPrefix, xForwardedProto, xRequestID

    init(_ name: String) {
        // Dispatch on the length first: most names are ruled out by it alone.
        let count = name.utf8.count
        switch count {
        case 2: self = Self.equal(name, "te") ? .te : .other
        case 4: self = Self.equal(name, "host") ? .host : .other
        case 6:
            if Self.equal(name, "accept") { self = .accept } else if Self.equal(name, "expect") { self = .expect } else { self = .other }
        case 7:
            if Self.equal(name, "upgrade") { self = .upgrade } else if Self.equal(name, "trailer") { self = .trailer } else { self = .other }
        case 10:
            if Self.equal(name, "connection") { self = .connection } else if Self.equal(name, "keep-alive") { self = .keepAlive } else { self = .other }
        case 12: self = Self.equal(name, "x-request-id") ? .xRequestID : .other
        case 13: self = Self.equal(name, "authorization") ? .authorization : .other
        case 14: self = Self.equal(name, "content-length") ? .contentLength : .other
        case 15: self = Self.equal(name, "x-forwarded-for") ? .xForwardedFor : .other
        case 16:
            if Self.equal(name, "proxy-connection") {
                self = .proxyConnection
            } else if Self.equal(name, "x-forwarded-host") {
                self = .xForwardedHost
            } else {
                self = .other
            }
        case 17:
            if Self.equal(name, "transfer-encoding") {
                self = .transferEncoding
            } else if Self.equal(name, "x-forwarded-proto") {
                self = .xForwardedProto
            } else {
                self = .other
            }
        case 18: self = Self.equal(name, "x-forwarded-prefix") ? .xForwardedPrefix : .other
        default: self = .other
        }
    }

    /// Whether `name` equals `lowercase` ignoring ASCII case.
    @inline(__always)
    static func equal<Name: StringProtocol>(_ name: Name, _ lowercase: StaticString) -> Bool {
        let target = UnsafeBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
        var index = 0
        for byte in name.utf8 {
            guard index < target.count, byte | 0x20 == target[index] else { return false }
            index += 1
        }
        return index == target.count
    }

    /// Whether a comma-separated header value lists `token`, ignoring case and spaces.
    static func list(_ value: String, contains token: StaticString) -> Bool {
        var found = false
        forEachToken(value) { candidate in
            if equal(candidate, token) { found = true }
        }
        return found
    }

    /// Calls `body` with each trimmed, non-empty element of a comma-separated list.
    static func forEachToken(_ value: String, _ body: (Substring) -> Void) {
        var start = value.startIndex
        let end = value.endIndex
        while start < end {
            let comma = value[start...].firstIndex(of: ",") ?? end
            var token = value[start..<comma]
            while token.first == " " || token.first == "\t" { token = token.dropFirst() }
            while token.last == " " || token.last == "\t" { token = token.dropLast() }
            if !token.isEmpty { body(token) }
            start = comma < end ? value.index(after: comma) : end
        }
    }
}
