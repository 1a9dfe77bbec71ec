import Foundation

/// The time zone a schedule's wall-clock fields are read in, looked up by IANA identifier.
public struct ScheduleTimeZone: Sendable, Hashable, CustomStringConvertible {
    /// The identifier as written, for example `Europe/Oslo`.
    public let identifier: String

    /// The Foundation time zone it names.
    public let timeZone: TimeZone

    /// Looks up a time zone by identifier.
    ///
    /// - Throws: `UnknownTimeZoneError` when the identifier is unknown, suggesting the closest
    ///   known identifier when there is a likely one.
    public init(named identifier: String) throws(UnknownTimeZoneError) {
        guard let timeZone = TimeZone(identifier: identifier) else {
            throw UnknownTimeZoneError(identifier: identifier, suggestion: Self.suggestion(for: identifier))
        }
        self.identifier = identifier
        self.timeZone = timeZone
    }

    /// Looks up a time zone by identifier.
    ///
    /// - Throws: `UnknownTimeZoneError` when the identifier is unknown.
    public static func timeZone(named identifier: String) throws(UnknownTimeZoneError) -> TimeZone {
        try ScheduleTimeZone(named: identifier).timeZone
    }

    public var description: String { identifier }

    /// The known identifier closest to `identifier`: an exact match ignoring case, else the
    /// nearest by edit distance over the whole identifier or its city part, when near enough.
    static func suggestion(for identifier: String) -> String? {
        let query = Array(identifier.lowercased())
        guard !query.isEmpty else { return nil }
        let known = TimeZone.knownTimeZoneIdentifiers + ["UTC"]
        if let exact = known.first(where: { $0.lowercased() == identifier.lowercased() }) {
            return exact
        }
        let threshold = max(1, query.count / 3)
        var best: (identifier: String, distance: Int)?
        for candidate in known {
            let lowered = candidate.lowercased()
            let city = lowered.split(separator: "/").last.map(String.init) ?? lowered
            let distance = min(
                editDistance(query, Array(lowered)),
                editDistance(query, Array(city)),
                editDistance(query, Array(city.replacingOccurrences(of: "_", with: " ")))
            )
            if distance <= threshold, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.identifier
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent
    /// transpositions each cost one, so `Olso` is one edit from `Oslo`.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
