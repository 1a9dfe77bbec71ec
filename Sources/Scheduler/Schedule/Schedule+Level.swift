import Foundation

/// Awake windows as intervals of instants, and the level they give.
extension Schedule {
    /// One window's stretch of awake time on one day, as instants.
    struct AwakeInterval {
        var start: Date
        var end: Date
        var startCause: String
        var endCause: String
    }

    /// Should the environment be awake at `date`?
    public func level(at date: Date) -> ScheduleLevel {
        guard hasLevels else { return .awake }
        let day = civilDay(of: date)
        let awake = mergedIntervals(days: (day - 1)...day).contains { $0.start <= date && date < $0.end }
        return awake ? .awake : .asleep
    }

    /// Every change of level in `(start, end]`: a window's start wakes with `asleep.wakeUp`, its
    /// end sleeps with `asleep.fallAsleep`. Adjacent or overlapping windows make one stretch.
    func levelChanges(after start: Date, through end: Date) -> [ScheduledAction] {
        guard hasLevels, start < end else { return [] }
        // A window lasts at most a day and starts on its own day, so the day before `start`
        // is the earliest that can reach into the range; the day after `end` closes it.
        var changes: [ScheduledAction] = []
        for interval in mergedIntervals(days: (civilDay(of: start) - 1)...(civilDay(of: end) + 1)) {
            if interval.start > start, interval.start <= end {
                changes.append(ScheduledAction(at: interval.start, action: asleep.wakeUp, cause: interval.startCause))
            }
            if interval.end > start, interval.end <= end {
                changes.append(ScheduledAction(at: interval.end, action: asleep.fallAsleep, cause: interval.endCause))
            }
        }
        return changes
    }

    /// Days since 1970-01-01 of the wall-clock date at `date`.
    func civilDay(of date: Date) -> Int {
        let civil = zone.civilTime(at: date)
        return CivilTime.days(year: civil.year, month: civil.month, day: civil.day)
    }

    /// The awake intervals of windows starting on `days`, merged where they touch, by start.
    func mergedIntervals(days: ClosedRange<Int>) -> [AwakeInterval] {
        var merged: [AwakeInterval] = []
        for interval in intervals(days: days).sorted(by: { $0.start < $1.start }) {
            if let last = merged.last, interval.start <= last.end {
                if interval.end > last.end {
                    merged[merged.count - 1].end = interval.end
                    merged[merged.count - 1].endCause = interval.endCause
                }
            } else {
                merged.append(interval)
            }
        }
        return merged
    }

    private func intervals(days: ClosedRange<Int>) -> [AwakeInterval] {
        var result: [AwakeInterval] = []
        for day in days {
            if holidays.contains(where: { $0.contains(daysSinceEpoch: day) }) { continue }
            guard !awake.isEmpty else {
                // No windows: awake all day, every day but holidays.
                let start = instant(day: day, minute: 0), end = instant(day: day + 1, minute: 0)
                let before = holiday(on: day - 1).map { "holiday \($0.text) over" } ?? "awake"
                let after = holiday(on: day + 1).map { "holiday \($0.text)" } ?? "asleep"
                result.append(AwakeInterval(start: start, end: end, startCause: before, endCause: after))
                continue
            }
            let weekday = (day + 4).floorModulo(7)
            for window in awake where window.days.contains(weekday) {
                let start = instant(day: day, minute: window.start)
                let end = instant(day: day + (window.crossesMidnight ? 1 : 0), minute: window.end)
                guard start < end else { continue }  // all of it inside a spring gap
                let cause = "awake \(window.text)"
                result.append(AwakeInterval(start: start, end: end, startCause: cause, endCause: cause))
            }
        }
        return result
    }

    private func holiday(on day: Int) -> Holiday? {
        holidays.first { $0.contains(daysSinceEpoch: day) }
    }

    /// The instant of a wall-clock minute (up to 1440, the next midnight) of a day.
    private func instant(day: Int, minute: Int) -> Date {
        zone.firstInstant(of: CivilTime(localSeconds: day * 86_400 + minute * 60))
    }
}

extension Int {
    fileprivate func floorModulo(_ divisor: Int) -> Int {
        let remainder = self % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}
