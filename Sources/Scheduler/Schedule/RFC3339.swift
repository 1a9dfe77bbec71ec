import Foundation

/// RFC 3339 instants: `2027-03-29T07:00:00+02:00`.
public enum RFC3339 {
    /// `date` as a wall-clock time in `zone` with that zone's offset at the instant, to the second.
    public static func string(_ date: Date, in zone: TimeZone) -> String {
        let offset = zone.secondsFromGMT(for: date)
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let civil = CivilTime(localSeconds: local)
        let second = ((local % 60) + 60) % 60
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset)
        return "\(civil.description.replacingOccurrences(of: " ", with: "T")):\(pad(second))"
            + "\(sign)\(pad(magnitude / 3600)):\(pad(magnitude % 3600 / 60))"
    }

    /// Parses `2027-03-29T07:00:00+02:00`, `2027-03-29T05:00:00Z`, with or without fractional seconds.
    public static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
