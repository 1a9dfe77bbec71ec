/// An awake window: `DAYS HH:MM-HH:MM` (`Mon-Fri 07:00-20:00`, `Sat,Sun 10:00-14:00`,
/// `Fri 22:00-02:00`).
///
/// A window whose end is not after its start crosses midnight and belongs to the day it starts
/// on: `Fri 22:00-02:00` runs from Friday 22:00 to Saturday 02:00. `24:00` ends a window at the
/// following midnight.
public struct AwakeWindow: Sendable, Hashable, CustomStringConvertible {
    /// The days it starts on, 0 for Sunday through 6 for Saturday, ascending.
    public let days: [Int]
    /// Minute of the day it starts at, 0..<1440.
    public let start: Int
    /// Minute of the day it ends at, 1...1440 (of the next day when it crosses midnight).
    public let end: Int
    /// The window as written, with one space between days and times.
    public let text: String

    /// Whether it ends on the day after the one it starts on.
    public var crossesMidnight: Bool { end <= start }

    static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
    static let example = "expected DAYS HH:MM-HH:MM, as in 'Mon-Fri 07:00-20:00' or 'Fri 22:00-02:00'"

    /// Parses a window.
    ///
    /// - Throws: `ScheduleParseError` naming the bad day or time and its character offset.
    public init(parsing text: String) throws(ScheduleParseError) {
        let characters = Array(text)
        var index = 0
        while index < characters.count, characters[index].isWhitespace { index += 1 }
        let daysStart = index
        while index < characters.count, !characters[index].isWhitespace { index += 1 }
        let daysEnd = index
        while index < characters.count, characters[index].isWhitespace { index += 1 }
        let timesStart = index
        while index < characters.count, !characters[index].isWhitespace { index += 1 }
        let timesEnd = index
        while index < characters.count, characters[index].isWhitespace { index += 1 }
        guard daysEnd > daysStart else { throw ScheduleParseError(message: Self.example, offset: 0) }
        guard timesEnd > timesStart else {
            throw ScheduleParseError(message: "missing the times: \(Self.example)", offset: daysEnd)
        }
        if index < characters.count {
            throw ScheduleParseError(message: "unexpected '\(String(characters[index...]))': \(Self.example)", offset: index)
        }
        days = try Self.parseDays(characters, daysStart..<daysEnd)
        (start, end) = try Self.parseTimes(characters, timesStart..<timesEnd)
        self.text = String(characters[daysStart..<daysEnd]) + " " + String(characters[timesStart..<timesEnd])
    }

    public var description: String { text }

    /// `Mon-Fri`, `Sat,Sun`, `Fri-Mon` (wrapping), `Mon-Sun`.
    private static func parseDays(_ characters: [Character], _ range: Range<Int>) throws(ScheduleParseError) -> [Int] {
        var days = Set<Int>()
        var itemStart = range.lowerBound
        while itemStart <= range.upperBound {
            var itemEnd = itemStart
            while itemEnd < range.upperBound, characters[itemEnd] != "," { itemEnd += 1 }
            let item = String(characters[itemStart..<itemEnd])
            let parts = item.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count) else {
                throw ScheduleParseError(message: "days '\(item)': write one day or a range such as Mon-Fri", offset: itemStart)
            }
            var values: [Int] = []
            var offset = itemStart
            for part in parts {
                guard let value = dayNames.firstIndex(of: part.lowercased()) else {
                    throw ScheduleParseError(
                        message: "unknown day '\(part)' (expected Mon, Tue, Wed, Thu, Fri, Sat or Sun; "
                            + "a range such as Mon-Fri or a list such as Sat,Sun)",
                        offset: offset)
                }
                values.append(value)
                offset += part.count + 1
            }
            var day = values[0]
            days.insert(day)
            while day != values.last! {
                day = (day + 1) % 7
                days.insert(day)
            }
            itemStart = itemEnd + 1
        }
        return days.sorted()
    }

    /// `07:00-20:00`; the end may be `24:00`.
    private static func parseTimes(_ characters: [Character], _ range: Range<Int>) throws(ScheduleParseError) -> (Int, Int) {
        let text = String(characters[range])
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw ScheduleParseError(message: "times '\(text)': \(example)", offset: range.lowerBound)
        }
        let start = try minute(String(parts[0]), offset: range.lowerBound, allowingMidnightEnd: false)
        let end = try minute(String(parts[1]), offset: range.lowerBound + parts[0].count + 1, allowingMidnightEnd: true)
        guard start != end else {
            throw ScheduleParseError(message: "window \(text) is empty: its start and end are the same time", offset: range.lowerBound)
        }
        return (start, end == 0 ? 1440 : end)
    }

    private static func minute(_ text: String, offset: Int, allowingMidnightEnd: Bool) throws(ScheduleParseError) -> Int {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              let hour = Int(parts[0]), let minute = Int(parts[1]), parts.allSatisfy({ $0.allSatisfy(\.isASCII) }) else {
            throw ScheduleParseError(message: "time '\(text)' is not HH:MM (a 24-hour clock, as in 07:00 or 20:30)", offset: offset)
        }
        let isMidnightEnd = allowingMidnightEnd && hour == 24 && minute == 0
        guard (0..<24).contains(hour) || isMidnightEnd, (0..<60).contains(minute) else {
            throw ScheduleParseError(
                message: "time '\(text)' is out of range (00:00 to 23:59\(allowingMidnightEnd ? ", or 24:00 as an end" : ""))",
                offset: offset)
        }
        return hour * 60 + minute
    }
}
