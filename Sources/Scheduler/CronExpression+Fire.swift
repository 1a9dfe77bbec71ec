import Foundation

/// Fire times: wall-clock matches mapped to instants in a time zone.
extension CronExpression {
    /// The first time the expression fires strictly after `date`, in `timeZone`'s wall-clock time.
    ///
    /// A wall time skipped when clocks go forward fires at the first instant after the gap (the
    /// job is not skipped); a wall time that occurs twice when clocks go back fires once, at its
    /// first occurrence.
    ///
    /// - Parameters:
    ///   - date: The instant to search after; seconds within its minute are ignored.
    ///   - timeZone: The time zone whose wall clock the fields are read in.
    /// - Returns: The fire time, or `nil` when nothing matches within 28 years (`0 0 30 2 *`).
    public func nextFire(after date: Date, in timeZone: TimeZone) -> Date? {
        guard Self.isSearchable(date) else { return nil }
        // Every wall time up to `date`'s own minute maps to an instant at or before `date`, and
        // the mapping never decreases, so the first match after that minute whose instant is past
        // `date` is the answer. Only in a repeated hour is a match's instant not past `date`.
        var start = timeZone.civilTime(at: date).adding(minutes: 1)
        var limit = start
        limit.year += Self.searchHorizonYears
        while let match = nextMatch(atOrAfter: start, before: limit) {
            let instant = timeZone.firstInstant(of: match)
            if instant > date { return instant }
            start = match.adding(minutes: 1)
        }
        return nil
    }

    /// The latest time the expression fired in `(lowerBound, date]`, for catching up on a fire
    /// that was missed while the daemon was not running.
    ///
    /// Fire times are the same instants `nextFire(after:in:)` produces.
    ///
    /// - Parameters:
    ///   - date: The latest instant to consider, inclusive.
    ///   - lowerBound: The earliest instant to consider, exclusive (typically the last fire the
    ///     daemon recorded).
    ///   - timeZone: The time zone whose wall clock the fields are read in.
    /// - Returns: The fire time, or `nil` when the expression did not fire in the interval.
    public func previousFire(atOrBefore date: Date, after lowerBound: Date, in timeZone: TimeZone) -> Date? {
        guard lowerBound < date, Self.isSearchable(date) else { return nil }
        // When `date` falls in a repeated hour, wall times after its own minute can map to first
        // occurrences at or before it: look ahead by the amount the clocks went back.
        let dayBefore = date.addingTimeInterval(-86_400)
        let fallBack = max(0, timeZone.secondsFromGMT(for: dayBefore) - timeZone.secondsFromGMT(for: date))
        var start = timeZone.civilTime(at: date).adding(minutes: (fallBack + 59) / 60)
        var floor = start
        floor.year -= Self.searchHorizonYears
        if Self.isSearchable(lowerBound) {
            floor = max(floor, timeZone.civilTime(at: lowerBound))
        }
        while let match = previousMatch(atOrBefore: start, notBefore: floor) {
            let instant = timeZone.firstInstant(of: match)
            if instant <= date {
                return instant > lowerBound ? instant : nil
            }
            start = match.adding(minutes: -1)
        }
        return nil
    }

    /// Whether a date is within a few hundred thousand years of 1970, so whole-second arithmetic
    /// on it cannot overflow.
    private static func isSearchable(_ date: Date) -> Bool {
        abs(date.timeIntervalSince1970) < 1e13
    }
}
