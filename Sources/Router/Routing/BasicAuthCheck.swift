/// Checks a request's `Authorization` header against a route's `auth.basic`.
///
/// The expected `user:password` is base64-encoded once; a request's token is compared with it
/// in constant time, so its timing tells nothing about how much of it was right.
struct BasicAuthCheck: Sendable {
    /// Why a request was denied, for the access log; never the credentials themselves.
    enum Denial: String, Sendable {
        case missing = "missing credentials"
        case malformed = "malformed authorization header"
        case wrong = "wrong credentials"
    }

    private let expected: [UInt8]

    init(_ credentials: BasicAuthCredentials) {
        expected = Self.base64(Array("\(credentials.user):\(credentials.password)".utf8))
    }

    /// nil when `authorization` (the header's value, or nil when absent) carries the credentials.
    func deny(_ authorization: String?) -> Denial? {
        guard var authorization else { return deny(bytes: nil) }
        return authorization.withUTF8 { deny(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// nil when `value` (the header's value, or nil when absent) carries the credentials.
    func deny(bytes value: UnsafeRawBufferPointer?) -> Denial? {
        guard let value else { return .missing }
        // "Basic" is case-insensitive; then one or more spaces; then the token.
        guard value.count > 6, HeaderKind.equal(UnsafeRawBufferPointer(rebasing: value[0..<5]), "basic") else { return .malformed }
        var start = 5
        guard value[start] == UInt8(ascii: " ") else { return .malformed }
        while start < value.count, value[start] == UInt8(ascii: " ") { start += 1 }
        var end = value.count
        while end > start, value[end - 1] == UInt8(ascii: " ") { end -= 1 }
        return Self.constantTimeEqual(UnsafeRawBufferPointer(rebasing: value[start..<end]), expected) ? nil : .wrong
    }

    /// Compares every byte of the longer side whatever the mismatches, so timing depends only on lengths.
    static func constantTimeEqual(_ given: UnsafeRawBufferPointer, _ expected: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: given.count ^ expected.count) | (given.count == expected.count ? 0 : 1)
        let length = max(given.count, expected.count)
        for index in 0..<length {
            let a = index < given.count ? given[index] : 0
            let b = index < expected.count ? expected[index] : 0
            difference |= a ^ b
        }
        return difference == 0
    }

    /// Standard base64 with padding (RFC 4648), as `Authorization: Basic` uses.
    static func base64(_ bytes: [UInt8]) -> [UInt8] {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let b0 = UInt32(bytes[index])
            let b1 = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
            let b2 = index + 2 < bytes.count ? UInt32(bytes[index + 2]) : 0
            let triple = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(triple >> 18 & 63)])
            out.append(alphabet[Int(triple >> 12 & 63)])
            out.append(index + 1 < bytes.count ? alphabet[Int(triple >> 6 & 63)] : UInt8(ascii: "="))
            out.append(index + 2 < bytes.count ? alphabet[Int(triple & 63)] : UInt8(ascii: "="))
            index += 3
        }
        return out
    }
}
