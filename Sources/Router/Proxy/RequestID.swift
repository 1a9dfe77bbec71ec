import NIOCore

/// A request's id: the client's `X-Request-Id` where usable (a slice of its head), else one made
/// here, written as 32 lowercase hex digits. Held without a string.
enum RequestID {
    case none
    case generated(high: UInt64, low: UInt64)
    case given(ByteBuffer)

    /// The client's id, when usable: 1 to 128 visible ASCII characters, no quote or backslash.
    static func given(_ head: ByteBuffer, _ range: Range<Int>) -> RequestID? {
        guard range.count > 0, range.count <= 128 else { return nil }
        let usable = head.withUnsafeReadableBytes { raw in
            raw[range].allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
        }
        return usable ? .given(head.getSlice(at: head.readerIndex + range.lowerBound, length: range.count)!) : nil
    }

    var isEmpty: Bool {
        if case .none = self { return true }
        return false
    }

    /// How many bytes ``write(into:)`` writes.
    var count: Int {
        switch self {
        case .none: 0
        case .generated: 32
        case .given(let bytes): bytes.readableBytes
        }
    }

    func write(into out: inout ByteWriter) {
        switch self {
        case .none: break
        case .generated(let high, let low):
            out.hex16(high)
            out.hex16(low)
        case .given(let bytes):
            bytes.withUnsafeReadableBytes { out.raw($0) }
        }
    }

    /// As text, for tests and messages.
    var text: String {
        var buffer = ByteBuffer()
        buffer.write(atMost: count) { write(into: &$0) }
        return String(buffer: buffer)
    }
}
