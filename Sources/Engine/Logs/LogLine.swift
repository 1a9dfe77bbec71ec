import Foundation

/// One line of a log, as shown by `devenv logs`.
public struct LogLine: Hashable, Sendable {
    public var source: LogSource
    /// The line's own timestamp as written (`2026-11-21T23:00:00.123Z`, or the access log's `time`),
    /// nil when the line carries none.
    public var timestamp: String?
    /// The text after the timestamp; an access log line is its whole JSON object.
    public var text: String
    /// The instant lines are merged by, in microseconds since 1970: the line's own time, else the
    /// time of the line before it in the same source (file order), else `Int64.min`.
    public var sortKey: Int64

    public init(source: LogSource, timestamp: String?, text: String, sortKey: Int64) {
        self.source = source
        self.timestamp = timestamp
        self.text = text
        self.sortKey = sortKey
    }

    /// The line's own time, if it has one.
    public var time: Date? {
        guard let timestamp, let micros = LogTimestamp.microseconds(timestamp.utf8) else { return nil }
        return Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }

    /// Splits a raw line of `source` into timestamp and text; `previous` is the sort key of the
    /// line before it in the same source, used when this one has no time of its own.
    static func parse(_ bytes: ArraySlice<UInt8>, source: LogSource, previous: Int64) -> LogLine {
        switch source.kind {
        case .replica:
            let stampLength = LogTimestamp.shimLength
            if bytes.count >= stampLength + 1, bytes[bytes.startIndex + stampLength] == UInt8(ascii: " "),
               let micros = LogTimestamp.microseconds(bytes.prefix(stampLength)) {
                return LogLine(source: source,
                               timestamp: String(decoding: bytes.prefix(stampLength), as: UTF8.self),
                               text: String(decoding: bytes.dropFirst(stampLength + 1), as: UTF8.self),
                               sortKey: micros)
            }
            return LogLine(source: source, timestamp: nil, text: String(decoding: bytes, as: UTF8.self), sortKey: previous)
        case .access:
            let text = String(decoding: bytes, as: UTF8.self)
            if let stamp = LogTimestamp.jsonTime(in: bytes), let micros = LogTimestamp.microseconds(stamp) {
                return LogLine(source: source, timestamp: String(decoding: stamp, as: UTF8.self), text: text, sortKey: micros)
            }
            return LogLine(source: source, timestamp: nil, text: text, sortKey: previous)
        }
    }
}
