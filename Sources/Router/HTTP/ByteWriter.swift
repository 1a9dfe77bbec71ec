import NIOCore

/// Writes bytes through a raw pointer into space a `ByteBuffer` reserved: a head or a log line
/// is one buffer operation, not one per field. The caller reserves an upper bound of what it
/// writes (see ``ByteBuffer/write(atMost:_:)``).
struct ByteWriter {
    private let base: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private(set) var count = 0

    init(base: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    @inline(__always)
    mutating func byte(_ value: UInt8) {
        precondition(count < capacity)
        base[count] = value
        count += 1
    }

    @inline(__always)
    mutating func raw(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let start = bytes.baseAddress, bytes.count > 0 else { return }
        precondition(count + bytes.count <= capacity)
        (base + count).update(from: start, count: bytes.count)
        count += bytes.count
    }

    @inline(__always)
    mutating func raw(_ bytes: UnsafeRawBufferPointer) {
        guard let start = bytes.baseAddress, bytes.count > 0 else { return }
        precondition(count + bytes.count <= capacity)
        UnsafeMutableRawPointer(base + count).copyMemory(from: start, byteCount: bytes.count)
        count += bytes.count
    }

    /// The bytes of `range` in `source` (offsets from its reader index).
    @inline(__always)
    mutating func copy(_ range: Range<Int>, of source: UnsafeRawBufferPointer) {
        raw(UnsafeRawBufferPointer(rebasing: source[range]))
    }

    @inline(__always)
    mutating func text(_ value: StaticString) {
        raw(UnsafeBufferPointer(start: value.utf8Start, count: value.utf8CodeUnitCount))
    }

    @inline(__always)
    mutating func text(_ value: String) {
        let copied: Void? = value.utf8.withContiguousStorageIfAvailable { raw($0) }
        if copied == nil {
            for byte in value.utf8 { self.byte(byte) }
        }
    }

    /// `value` between JSON quotes (without them), escaped; at most 6 bytes per byte of it.
    mutating func json<Bytes: Sequence<UInt8>>(_ value: Bytes) {
        let digits: StaticString = "0123456789abcdef"
        for byte in value {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                self.byte(UInt8(ascii: "\\"))
                self.byte(byte)
            case UInt8(ascii: "\n"): text("\\n")
            case UInt8(ascii: "\r"): text("\\r")
            case UInt8(ascii: "\t"): text("\\t")
            case 0..<0x20, 0x7F:
                text("\\u00")
                self.byte(digits.utf8Start[Int(byte >> 4)])
                self.byte(digits.utf8Start[Int(byte & 0xF)])
            default:
                self.byte(byte)
            }
        }
    }

    /// A decimal integer; at most 20 bytes.
    mutating func decimal(_ value: Int) {
        var value = value
        if value < 0 {
            byte(UInt8(ascii: "-"))
            value = value == .min ? .max : -value
        }
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        while divisor > 0 {
            byte(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }

    /// A 64-bit word as 16 lowercase hex digits, leading zeros kept.
    mutating func hex16(_ word: UInt64) {
        let digits: StaticString = "0123456789abcdef"
        for index in 0..<16 { byte(digits.utf8Start[Int(word >> UInt64(60 - index * 4) & 0xF)]) }
    }

    /// A number in lowercase hex, no leading zeros; at most 16 bytes.
    mutating func hex(_ value: Int) {
        let digits: StaticString = "0123456789abcdef"
        var shift = max(0, (Int.bitWidth - value.leadingZeroBitCount + 3) / 4 * 4 - 4)
        while shift >= 0 {
            byte(digits.utf8Start[(value >> shift) & 0xF])
            shift -= 4
        }
    }
}

extension ByteBuffer {
    /// Reserves `bound` bytes and lets `body` write up to that many through a ``ByteWriter``.
    @inline(__always)
    mutating func write(atMost bound: Int, _ body: (inout ByteWriter) -> Void) {
        writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { space in
            var writer = ByteWriter(base: space.baseAddress!.assumingMemoryBound(to: UInt8.self), capacity: space.count)
            body(&writer)
            return writer.count
        }
    }
}
