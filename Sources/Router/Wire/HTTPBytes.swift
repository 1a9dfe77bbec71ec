/// Byte classes of HTTP/1.1 messages (RFC 9110 §5.6.2, §5.5), as branch-free table look-ups.
enum HTTPBytes {
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let colon = UInt8(ascii: ":")

    /// `tchar`: what a method or a field name is made of.
    @inline(__always)
    static func isToken(_ byte: UInt8) -> Bool {
        byte < 64 ? (0x03FF_6CFA_0000_0000 as UInt64) >> byte & 1 == 1
            : byte < 128 ? (0x57FF_FFFF_C7FF_FFFE as UInt64) >> (byte - 64) & 1 == 1 : false
    }

    /// A byte a field value may hold: visible ASCII, space, tab, obs-text. Never CR, LF, NUL or another control.
    @inline(__always)
    static func isFieldValue(_ byte: UInt8) -> Bool {
        byte >= 0x20 ? byte != 0x7F : byte == tab
    }

    /// A byte a request target may hold: visible ASCII and obs-text (no space, no control).
    @inline(__always)
    static func isTarget(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte != 0x7F
    }

    /// The value of a hex digit, or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// A decimal `1*DIGIT` with no sign, space or list, below 2^53; nil otherwise.
    static func decimal(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 15 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// `HTTP/1.0` or `HTTP/1.1` at `index`: whether it is 1.0; nil for anything else or too few bytes.
    static func http1Version(_ raw: UnsafeRawBufferPointer, at index: Int) -> Bool? {
        guard index + 10 <= raw.count else { return nil }
        let expected: StaticString = "HTTP/1."
        for offset in 0..<7 where raw[index + offset] != expected.utf8Start[offset] { return nil }
        switch raw[index + 7] {
        case UInt8(ascii: "0"): return true
        case UInt8(ascii: "1"): return false
        default: return nil
        }
    }
}
