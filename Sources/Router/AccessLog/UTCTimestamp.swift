#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// Writes the wall-clock time as `2026-11-21T23:00:00.123Z`, formatting the date once a second.
struct UTCTimestamp {
    private var second = -1
    /// `2026-11-21T23:00:00`, for ``second``.
    private var prefix = [UInt8](repeating: 0, count: 19)

    init() {}

    /// Writes 24 bytes.
    mutating func write(into out: inout ByteWriter) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let seconds = Int(now.tv_sec)
        if seconds != second { format(seconds) }
        prefix.withUnsafeBufferPointer { out.raw($0) }
        let millis = Int(now.tv_nsec) / 1_000_000
        out.byte(UInt8(ascii: "."))
        out.byte(UInt8(ascii: "0") + UInt8(millis / 100))
        out.byte(UInt8(ascii: "0") + UInt8(millis / 10 % 10))
        out.byte(UInt8(ascii: "0") + UInt8(millis % 10))
        out.byte(UInt8(ascii: "Z"))
    }

    private mutating func format(_ seconds: Int) {
        second = seconds
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func put(_ value: Int, _ at: Int, _ width: Int) {
            var value = value
            for offset in stride(from: width - 1, through: 0, by: -1) {
                prefix[at + offset] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        put(Int(parts.tm_year) + 1900, 0, 4)
        prefix[4] = UInt8(ascii: "-")
        put(Int(parts.tm_mon) + 1, 5, 2)
        prefix[7] = UInt8(ascii: "-")
        put(Int(parts.tm_mday), 8, 2)
        prefix[10] = UInt8(ascii: "T")
        put(Int(parts.tm_hour), 11, 2)
        prefix[13] = UInt8(ascii: ":")
        put(Int(parts.tm_min), 14, 2)
        prefix[16] = UInt8(ascii: ":")
        put(Int(parts.tm_sec), 17, 2)
    }
}
