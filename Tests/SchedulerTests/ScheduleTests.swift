import Foundation
import Scheduler
import Testing

@Suite("Schedules: awake windows, holidays, cron actions")
struct ScheduleTests {
    static let weekdays = "Mon-Fri 07:00-20:00"

    @Test func weekdaysAlternateResumeAndPauseWithTheWindowAsCause() {
        let staging = schedule("Europe/Oslo", awake: [Self.weekdays])
        #expect(staging.next(3, after: "2027-03-26T12:00:00+01:00") == [
            "2027-03-26T20:00:00+01:00 pause (awake Mon-Fri 07:00-20:00)",
            // The weekend passes, and the clocks go forward on Sunday: Monday is +02:00.
            "2027-03-29T07:00:00+02:00 resume (awake Mon-Fri 07:00-20:00)",
            "2027-03-29T20:00:00+02:00 pause (awake Mon-Fri 07:00-20:00)",
        ])
        #expect(staging.level("2027-03-27T12:00:00+01:00") == .asleep)
        #expect(staging.level("2027-03-29T07:00:00+02:00") == .awake)
        #expect(staging.level("2027-03-29T20:00:00+02:00") == .asleep)
    }

    @Test func asleepSleepWakesWithWake() {
        let slept = schedule("UTC", awake: ["Mon-Sun 08:00-18:00"], asleep: .sleep)
        #expect(slept.nextActions(after: date("2027-01-01T12:00:00Z"), count: 2).map(\.action) == [.sleep, .wake])
    }

    // MARK: Daylight saving time, 2027

    /// Oslo springs forward 02:00 → 03:00 on 28 March 2027: 02:30 takes effect at 03:00.
    @Test func osloSpringGapTakesEffectAtTheJump() {
        let gap = schedule("Europe/Oslo", awake: ["Sun 02:30-23:00"], cron: [("30 2 * * *", .restart)])
        #expect(gap.next(4, after: "2027-03-27T12:00:00+01:00") == [
            "2027-03-28T03:00:00+02:00 resume (awake Sun 02:30-23:00)",
            "2027-03-28T03:00:00+02:00 restart (cron 30 2 * * *)",
            "2027-03-28T23:00:00+02:00 pause (awake Sun 02:30-23:00)",
            "2027-03-29T02:30:00+02:00 restart (cron 30 2 * * *)",
        ])
        #expect(gap.level("2027-03-28T01:59:00+01:00") == .asleep)
        #expect(gap.level("2027-03-28T03:00:00+02:00") == .awake)
    }

    /// Oslo falls back 03:00 → 02:00 on 31 October 2027: 02:30 takes effect at its first occurrence, once.
    @Test func osloAutumnOverlapTakesEffectOnceAtTheFirstOccurrence() {
        let overlap = schedule("Europe/Oslo", awake: ["Sun 01:00-02:30"], cron: [("30 2 * * *", .reset)])
        #expect(overlap.next(5, after: "2027-10-30T12:00:00+02:00") == [
            "2027-10-31T01:00:00+02:00 resume (awake Sun 01:00-02:30)",
            "2027-10-31T02:30:00+02:00 pause (awake Sun 01:00-02:30)",
            "2027-10-31T02:30:00+02:00 reset (cron 30 2 * * *)",
            "2027-11-01T02:30:00+01:00 reset (cron 30 2 * * *)",
            "2027-11-02T02:30:00+01:00 reset (cron 30 2 * * *)",
        ])
        // The second 02:30 (+01:00) is asleep and fires nothing.
        #expect(overlap.level("2027-10-31T02:30:00+01:00") == .asleep)
        #expect(overlap.next(1, after: "2027-10-31T02:30:00+02:00") == ["2027-11-01T02:30:00+01:00 reset (cron 30 2 * * *)"])
    }

    /// New York springs forward 02:00 → 03:00 on 14 March 2027.
    @Test func newYorkSpringGap() {
        let gap = schedule("America/New_York", awake: ["Sun 02:15-04:00"], cron: [("0 2 * * *", .restart)])
        #expect(gap.next(4, after: "2027-03-13T12:00:00-05:00") == [
            "2027-03-14T03:00:00-04:00 resume (awake Sun 02:15-04:00)",
            "2027-03-14T03:00:00-04:00 restart (cron 0 2 * * *)",
            "2027-03-14T04:00:00-04:00 pause (awake Sun 02:15-04:00)",
            "2027-03-15T02:00:00-04:00 restart (cron 0 2 * * *)",
        ])
    }

    /// New York falls back 02:00 → 01:00 on 7 November 2027; a window across midnight ends in the overlap.
    @Test func newYorkAutumnOverlapWithAWindowAcrossMidnight() {
        let overlap = schedule("America/New_York", awake: ["Sat 20:00-01:30"], cron: [("30 1 * * *", .reset)])
        #expect(overlap.next(4, after: "2027-11-06T12:00:00-04:00") == [
            "2027-11-06T20:00:00-04:00 resume (awake Sat 20:00-01:30)",
            "2027-11-07T01:30:00-04:00 pause (awake Sat 20:00-01:30)",
            "2027-11-07T01:30:00-04:00 reset (cron 30 1 * * *)",
            "2027-11-08T01:30:00-05:00 reset (cron 30 1 * * *)",
        ])
        #expect(overlap.level("2027-11-07T01:15:00-05:00") == .asleep)
    }

    // MARK: Holidays and midnight

    @Test func aHolidayRangeOverNewYearSuppressesWholeDays() {
        let staging = schedule("Europe/Oslo", awake: [Self.weekdays], holidays: ["2026-12-24", "2026-12-28..2027-01-01"])
        #expect(staging.next(4, after: "2026-12-23T12:00:00+01:00") == [
            "2026-12-23T20:00:00+01:00 pause (awake Mon-Fri 07:00-20:00)",
            "2026-12-25T07:00:00+01:00 resume (awake Mon-Fri 07:00-20:00)",
            "2026-12-25T20:00:00+01:00 pause (awake Mon-Fri 07:00-20:00)",
            "2027-01-04T07:00:00+01:00 resume (awake Mon-Fri 07:00-20:00)",
        ])
        #expect(staging.level("2026-12-30T12:00:00+01:00") == .asleep)
        #expect(staging.level("2027-01-04T12:00:00+01:00") == .awake)
    }

    @Test func holidaysWithoutWindowsSleepWholeDays() {
        let christmas = schedule("UTC", holidays: ["2026-12-24..2026-12-26"])
        #expect(christmas.level("2026-12-23T23:59:00Z") == .awake)
        #expect(christmas.level("2026-12-25T12:00:00Z") == .asleep)
        #expect(christmas.next(2, after: "2026-12-01T00:00:00Z") == [
            "2026-12-24T00:00:00+00:00 pause (holiday 2026-12-24..2026-12-26)",
            "2026-12-27T00:00:00+00:00 resume (holiday 2026-12-24..2026-12-26 over)",
        ])
        #expect(schedule("UTC").level("2027-01-01T00:00:00Z") == .awake)
        #expect(schedule("UTC").nextActions(after: date("2027-01-01T00:00:00Z"), count: 5).isEmpty)
    }

    @Test func aWindowAcrossMidnightBelongsToTheDayItStarts() {
        let late = schedule("Europe/Oslo", awake: ["Fri 22:00-02:00"], holidays: ["2027-06-05"])
        // Saturday 5 June is a holiday, but Friday's window started on Friday.
        #expect(late.level("2027-06-05T01:00:00+02:00") == .awake)
        #expect(late.level("2027-06-05T02:00:00+02:00") == .asleep)
        #expect(late.next(2, after: "2027-06-04T12:00:00+02:00") == [
            "2027-06-04T22:00:00+02:00 resume (awake Fri 22:00-02:00)",
            "2027-06-05T02:00:00+02:00 pause (awake Fri 22:00-02:00)",
        ])
        // A holiday on the Friday suppresses the whole window, Saturday morning included.
        let holidayFriday = schedule("Europe/Oslo", awake: ["Fri 22:00-02:00"], holidays: ["2027-06-11"])
        #expect(holidayFriday.level("2027-06-12T01:00:00+02:00") == .asleep)
    }

    @Test func touchingWindowsMakeOneStretch() {
        let split = schedule("UTC", awake: ["Mon-Fri 07:00-12:00", "Mon-Fri 12:00-20:00", "Sun-Sat 19:00-24:00"])
        #expect(split.next(2, after: "2027-06-07T00:30:00Z") == [
            "2027-06-07T07:00:00+00:00 resume (awake Mon-Fri 07:00-12:00)",
            "2027-06-08T00:00:00+00:00 pause (awake Sun-Sat 19:00-24:00)",
        ])
    }

    // MARK: Months in milliseconds

    /// A whole year of the staging schedule in Oslo, both DST changes included.
    @Test func aYearOfWeekdaysInOslo() {
        let staging = schedule("Europe/Oslo", awake: [Self.weekdays], holidays: ["2027-05-17", "2027-12-24..2027-12-31"],
                               cron: [("0 3 * * 1-5", .reset)])
        let start = ContinuousClock.now
        var after = date("2027-01-01T00:00:00+01:00")
        let end = date("2028-01-01T00:00:00+01:00")
        var actions: [ScheduledAction] = []
        while let next = staging.nextActions(after: after, count: 1).first, next.at < end {
            actions.append(next)
            after = next.at
        }
        let elapsed = ContinuousClock.now - start
        // 2027 has 261 weekdays; 17 May and 24-31 December (6 weekdays) are holidays.
        let windows = actions.filter { $0.action != .reset }
        #expect(windows.count == 2 * (261 - 7))
        #expect(actions.filter { $0.action == .reset }.count == 261)
        #expect(zip(windows, windows.dropFirst()).allSatisfy { $0.action != $1.action })
        let oslo = staging.zone
        #expect(windows.allSatisfy { action in
            let text = RFC3339.string(action.at, in: oslo)
            return text.contains(action.action == .resume ? "T07:00:00" : "T20:00:00")
        })
        #expect(elapsed < .seconds(2), "a year took \(elapsed)")
    }

    // MARK: Catch-up

    @Test func aMissedBoundaryIsCaughtUpOnce() {
        let staging = schedule("Europe/Oslo", awake: [Self.weekdays], cron: [("0 3 * * *", .reset)])
        // Down from Friday 19:00 to Saturday 10:00: the 20:00 pause was missed.
        let weekend = staging.catchUp(lastSeen: date("2027-06-04T19:00:00+02:00"), now: date("2027-06-05T10:00:00+02:00"))
        #expect(weekend.level == .asleep)
        #expect(weekend.action == .pause)
        #expect(weekend.missedBoundary?.at == date("2027-06-04T20:00:00+02:00"))
        #expect(weekend.missedCron.map(\.at) == [date("2027-06-05T03:00:00+02:00")])
        // Down all weekend into Monday: many boundaries, one catch-up to the level now.
        let long = staging.catchUp(lastSeen: date("2027-06-04T19:00:00+02:00"), now: date("2027-06-07T08:00:00+02:00"))
        #expect(long.level == .awake)
        #expect(long.action == .resume)
        #expect(long.missedBoundary?.at == date("2027-06-07T07:00:00+02:00"))
        #expect(long.missedCron.count == 1)
        // Once caught up, nothing is missed any more; a manual pause now would stand.
        let again = staging.catchUp(lastSeen: date("2027-06-07T08:00:00+02:00"), now: date("2027-06-07T08:05:00+02:00"))
        #expect(again.action == nil && again.level == .awake && again.missedCron.isEmpty)
    }

    @Test func rfc3339UsesTheZonesOffset() {
        #expect(RFC3339.string(date("2027-03-29T05:00:00Z"), in: oslo) == "2027-03-29T07:00:00+02:00")
        #expect(RFC3339.string(date("2027-01-01T12:00:30Z"), in: newYork) == "2027-01-01T07:00:30-05:00")
        #expect(RFC3339.string(date("2027-01-01T12:00:00Z"), in: kolkata) == "2027-01-01T17:30:00+05:30")
        #expect(RFC3339.date("2027-03-29T07:00:00+02:00") == date("2027-03-29T05:00:00Z"))
        #expect(RFC3339.date("2027-03-29") == nil)
    }
}
