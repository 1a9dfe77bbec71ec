import Foundation

/// A calendar date with no time zone: `2026-12-24`.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A date; nil when the month has no such day.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...CivilTime.daysInMonth(year: year, month: month)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    init(daysSinceEpoch days: Int) {
        let (year, month, day) = CivilTime.civil(fromDays: days)
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01.
    var daysSinceEpoch: Int { CivilTime.days(year: year, month: month, day: day) }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    public var description: String {
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(pad(month))-\(pad(day))"
    }
}

/// Whole days asleep: `2026-12-24` or the inclusive range `2026-12-28..2027-01-01`. No awake
/// window starts on a holiday.
public struct Holiday: Sendable, Hashable, CustomStringConvertible {
    public let first: CalendarDay
    public let last: CalendarDay
    /// The holiday as written, trimmed.
    public let text: String

    static let example = "expected a date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD, as in '2026-12-24' or '2026-12-28..2027-01-01'"

    /// Parses a date or a range of dates.
    ///
    /// - Throws: `ScheduleParseError` naming the bad date and its character offset.
    public init(parsing text: String) throws(ScheduleParseError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let lead = text.prefix { $0.isWhitespace }.count
        let parts = trimmed.components(separatedBy: "..")
        guard (1...2).contains(parts.count) else { throw ScheduleParseError(message: Self.example, offset: lead) }
        first = try Self.day(parts[0], offset: lead)
        last = parts.count == 2 ? try Self.day(parts[1], offset: lead + parts[0].count + 2) : first
        guard first <= last else {
            throw ScheduleParseError(message: "range \(trimmed) is reversed (write the earlier date first)", offset: lead)
        }
        self.text = trimmed
    }

    /// Whether a date is one of the holiday's days.
    public func contains(_ day: CalendarDay) -> Bool { first <= day && day <= last }

    func contains(daysSinceEpoch days: Int) -> Bool {
        first.daysSinceEpoch <= days && days <= last.daysSinceEpoch
    }

    public var description: String { text }

    private static func day(_ text: String, offset: Int) throws(ScheduleParseError) -> CalendarDay {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else {
            throw ScheduleParseError(message: "'\(text)' is not a date: \(example)", offset: offset)
        }
        guard let date = CalendarDay(year: year, month: month, day: day) else {
            throw ScheduleParseError(message: "\(text) is not a day of the calendar", offset: offset)
        }
        return date
    }
}

