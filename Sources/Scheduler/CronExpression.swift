import Foundation

/// A five-field cron expression (`minute hour day month weekday`) or one of its macros.
///
/// Supports `*`, numbers, ranges `a-b`, steps `*/n`, `a-b/n` and `a/n`, lists `a,b,c`, month
/// names `jan`–`dec` and weekday names `sun`–`sat` (case-insensitive), weekday 0–7 (0 and 7 are
/// Sunday) and the macros `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`
/// and `@hourly`.
///
/// Day of month and day of week combine as in Vixie cron: when both fields are restricted, a day
/// matches if either matches; when either field starts with `*` (including `*/n`), a day must
/// match both.
///
/// Two expressions are equal when their text (trimmed) is equal, so `@daily` and `0 0 * * *`
/// differ; compare the field sets to compare meaning.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    let minuteMask: UInt64
    let hourMask: UInt64
    let dayOfMonthMask: UInt64
    let monthMask: UInt64
    let dayOfWeekMask: UInt64
    let dayOfMonthIsWildcard: Bool
    let dayOfWeekIsWildcard: Bool
    private let source: String

    /// Parses a cron expression.
    ///
    /// - Parameter text: Five whitespace-separated fields or a macro; surrounding whitespace is
    ///   ignored.
    /// - Throws: `CronParseError` naming the bad field and value, with its character offset.
    public init(parsing text: String) throws(CronParseError) {
        let fields = try CronParser(text).parse()
        minuteMask = fields[CronField.minute.rawValue].mask
        hourMask = fields[CronField.hour.rawValue].mask
        dayOfMonthMask = fields[CronField.dayOfMonth.rawValue].mask
        monthMask = fields[CronField.month.rawValue].mask
        dayOfWeekMask = fields[CronField.dayOfWeek.rawValue].mask
        dayOfMonthIsWildcard = fields[CronField.dayOfMonth.rawValue].startsWithWildcard
        dayOfWeekIsWildcard = fields[CronField.dayOfWeek.rawValue].startsWithWildcard
        source = text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The expression as written, without surrounding whitespace.
    public var description: String { source }

    /// The minutes (0–59) the expression fires at, ascending.
    public var minutes: [Int] { Self.values(minuteMask) }

    /// The hours (0–23) the expression fires at, ascending.
    public var hours: [Int] { Self.values(hourMask) }

    /// The days of the month (1–31) the day-of-month field allows, ascending.
    public var daysOfMonth: [Int] { Self.values(dayOfMonthMask) }

    /// The months (1–12) the expression fires in, ascending.
    public var months: [Int] { Self.values(monthMask) }

    /// The days of the week (0 = Sunday … 6 = Saturday) the day-of-week field allows, ascending.
    public var daysOfWeek: [Int] { Self.values(dayOfWeekMask) }

    private static func values(_ mask: UInt64) -> [Int] {
        (0..<64).filter { mask & (1 << UInt64($0)) != 0 }
    }

    /// Whether a date passes the day-of-month, day-of-week and month fields.
    func matchesDay(year: Int, month: Int, day: Int) -> Bool {
        guard monthMask.contains(month) else { return false }
        let dayOfMonth = dayOfMonthMask.contains(day)
        let dayOfWeek = dayOfWeekMask.contains(CivilTime(year: year, month: month, day: day).weekday)
        if dayOfMonthIsWildcard || dayOfWeekIsWildcard {
            return dayOfMonth && dayOfWeek
        }
        return dayOfMonth || dayOfWeek
    }
}
