/// Searching wall-clock time for matching minutes, skipping whole months, days and hours that
/// cannot match. Time zones play no part here.
extension CronExpression {
    /// How far a search looks before giving up. The calendar's weekday and leap-year pattern
    /// repeats every 28 years (between century years), so anything that can match at all does
    /// within this horizon; a Feb 29 schedule waits up to eight years across 2100.
    static let searchHorizonYears = 28

    /// The first matching wall-clock minute at or after `start` and before `limit`.
    func nextMatch(atOrAfter start: CivilTime, before limit: CivilTime) -> CivilTime? {
        var time = start
        while time < limit {
            guard let month = monthMask.first(atOrAfter: time.month) else {
                time = CivilTime(year: time.year + 1, month: 1, day: 1)
                continue
            }
            if month != time.month {
                time = CivilTime(year: time.year, month: month, day: 1)
            }
            guard time.day <= CivilTime.daysInMonth(year: time.year, month: time.month) else {
                time = CivilTime(year: time.year, month: time.month + 1, day: 1)
                continue
            }
            guard matchesDay(year: time.year, month: time.month, day: time.day) else {
                time = CivilTime(year: time.year, month: time.month, day: time.day + 1)
                continue
            }
            guard let hour = hourMask.first(atOrAfter: time.hour) else {
                time = CivilTime(year: time.year, month: time.month, day: time.day + 1)
                continue
            }
            if hour != time.hour {
                time.hour = hour
                time.minute = 0
            }
            guard let minute = minuteMask.first(atOrAfter: time.minute) else {
                time.hour += 1
                time.minute = 0
                continue
            }
            time.minute = minute
            return time < limit ? time : nil
        }
        return nil
    }

    /// The last matching wall-clock minute at or before `start` and not before `floor`.
    func previousMatch(atOrBefore start: CivilTime, notBefore floor: CivilTime) -> CivilTime? {
        var time = start
        while time >= floor {
            guard let month = monthMask.last(atOrBefore: time.month) else {
                time = CivilTime(year: time.year - 1, month: 12, day: 31, hour: 23, minute: 59)
                continue
            }
            if month != time.month {
                time = CivilTime(year: time.year, month: month, day: 31, hour: 23, minute: 59)
            }
            let daysInMonth = CivilTime.daysInMonth(year: time.year, month: time.month)
            if time.day > daysInMonth {
                time = CivilTime(year: time.year, month: time.month, day: daysInMonth, hour: 23, minute: 59)
            }
            guard time.day >= 1 else {
                time = CivilTime(year: time.year, month: time.month - 1, day: 31, hour: 23, minute: 59)
                continue
            }
            guard matchesDay(year: time.year, month: time.month, day: time.day) else {
                time = CivilTime(year: time.year, month: time.month, day: time.day - 1, hour: 23, minute: 59)
                continue
            }
            guard let hour = hourMask.last(atOrBefore: time.hour) else {
                time = CivilTime(year: time.year, month: time.month, day: time.day - 1, hour: 23, minute: 59)
                continue
            }
            if hour != time.hour {
                time.hour = hour
                time.minute = 59
            }
            guard let minute = minuteMask.last(atOrBefore: time.minute) else {
                time.hour -= 1
                time.minute = 59
                continue
            }
            time.minute = minute
            return time >= floor ? time : nil
        }
        return nil
    }
}
