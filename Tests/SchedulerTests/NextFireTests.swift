import Foundation
import Scheduler
import Testing

struct FireCase: Sendable, CustomTestStringConvertible {
    var expression: String
    var timeZone: TimeZone
    var after: String
    /// The fires expected in order, each strictly after the one before.
    var expected: [String]
    var testDescription: String { "'\(expression)' in \(timeZone.identifier) after \(after)" }
}

@Suite("Next fire time")
struct NextFireTests {
    static let cases: [FireCase] = [
        // Month and year ends.
        FireCase(
            expression: "0 0 1 * *", timeZone: utc, after: "2026-01-31T12:00:00Z",
            expected: ["2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z"]
        ),
        FireCase(
            expression: "0 12 31 * *", timeZone: utc, after: "2026-01-31T12:00:00Z",
            expected: ["2026-03-31T12:00:00Z", "2026-05-31T12:00:00Z"]
        ),
        FireCase(
            expression: "59 23 31 12 *", timeZone: utc, after: "2026-06-15T00:00:00Z",
            expected: ["2026-12-31T23:59:00Z", "2027-12-31T23:59:00Z"]
        ),
        FireCase(
            expression: "@yearly", timeZone: utc, after: "2026-12-31T23:59:30Z",
            expected: ["2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z"]
        ),
        FireCase(
            expression: "@monthly", timeZone: oslo, after: "2026-12-15T00:00:00Z",
            expected: ["2027-01-01T00:00:00+01:00", "2027-02-01T00:00:00+01:00"]
        ),
        // Leap years.
        FireCase(
            expression: "0 0 29 2 *", timeZone: utc, after: "2026-03-01T00:00:00Z",
            expected: ["2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z"]
        ),
        FireCase(
            expression: "0 0 29 2 *", timeZone: utc, after: "2096-03-01T00:00:00Z",
            expected: ["2104-02-29T00:00:00Z"]
        ),
        FireCase(
            expression: "0 6 28-31 2 *", timeZone: utc, after: "2028-02-27T00:00:00Z",
            expected: ["2028-02-28T06:00:00Z", "2028-02-29T06:00:00Z", "2029-02-28T06:00:00Z"]
        ),
        // Steps.
        FireCase(
            expression: "*/15 * * * *", timeZone: utc, after: "2026-05-10T10:07:42Z",
            expected: ["2026-05-10T10:15:00Z", "2026-05-10T10:30:00Z"]
        ),
        FireCase(
            expression: "*/15 * * * *", timeZone: utc, after: "2026-05-10T23:45:00Z",
            expected: ["2026-05-11T00:00:00Z", "2026-05-11T00:15:00Z"]
        ),
        FireCase(
            expression: "@hourly", timeZone: utc, after: "2026-05-10T10:00:00Z",
            expected: ["2026-05-10T11:00:00Z", "2026-05-10T12:00:00Z"]
        ),
        // Weekday ranges: 2026-05-08 is a Friday, 2026-05-11 a Monday.
        FireCase(
            expression: "0 20 * * 1-5", timeZone: utc, after: "2026-05-08T20:00:00Z",
            expected: ["2026-05-11T20:00:00Z", "2026-05-12T20:00:00Z"]
        ),
        FireCase(
            expression: "0 20 * * 1-5", timeZone: oslo, after: "2026-05-08T18:00:00Z",
            expected: ["2026-05-11T20:00:00+02:00", "2026-05-12T20:00:00+02:00"]
        ),
        FireCase(
            expression: "0 20 * * 1-5", timeZone: oslo, after: "2026-01-09T12:00:00Z",
            expected: ["2026-01-09T20:00:00+01:00", "2026-01-12T20:00:00+01:00"]
        ),
        FireCase(
            expression: "0 7 * * mon-fri", timeZone: oslo, after: "2026-05-09T12:00:00+02:00",
            expected: ["2026-05-11T07:00:00+02:00"]
        ),
        FireCase(
            expression: "@weekly", timeZone: utc, after: "2026-05-06T00:00:00Z",
            expected: ["2026-05-10T00:00:00Z", "2026-05-17T00:00:00Z"]
        ),
        // Day of month OR day of week when both are restricted: the 15th or any Wednesday.
        FireCase(
            expression: "0 0 15 * 3", timeZone: utc, after: "2026-05-10T00:00:00Z",
            expected: ["2026-05-13T00:00:00Z", "2026-05-15T00:00:00Z", "2026-05-20T00:00:00Z"]
        ),
        FireCase(
            expression: "0 0 1-31 * 1", timeZone: utc, after: "2026-05-10T00:00:00Z",
            expected: ["2026-05-11T00:00:00Z", "2026-05-12T00:00:00Z"]
        ),
        // ...but AND when one field starts with `*` (Vixie): odd days that are Mondays.
        FireCase(
            expression: "0 0 */2 * 1", timeZone: utc, after: "2026-05-10T00:00:00Z",
            expected: ["2026-05-11T00:00:00Z", "2026-05-25T00:00:00Z"]
        ),
        // Other zones, including a half-hour offset.
        FireCase(
            expression: "0 9 * * mon", timeZone: newYork, after: "2026-05-10T00:00:00Z",
            expected: ["2026-05-11T09:00:00-04:00"]
        ),
        FireCase(
            expression: "30 5 * * *", timeZone: kolkata, after: "2026-01-01T00:00:00Z",
            expected: ["2026-01-02T05:30:00+05:30"]
        ),
    ]

    @Test("fires in order", arguments: cases)
    func fires(_ testCase: FireCase) throws {
        let expression = try CronExpression(parsing: testCase.expression)
        var after = date(testCase.after)
        for expected in testCase.expected {
            let fire = try #require(expression.nextFire(after: after, in: testCase.timeZone))
            #expect(fire == date(expected), "after \(after)")
            after = fire
        }
    }

    @Test func anImpossibleDateNeverFires() throws {
        let expression = try CronExpression(parsing: "0 0 30 2 *")
        #expect(expression.nextFire(after: date("2026-01-01T00:00:00Z"), in: utc) == nil)
        let thirtyDayMonths = try CronExpression(parsing: "0 0 31 4,6,9,11 *")
        #expect(thirtyDayMonths.nextFire(after: date("2026-01-01T00:00:00Z"), in: oslo) == nil)
    }

    @Test func secondsWithinTheMinuteAreIgnoredButTheResultIsStrictlyLater() throws {
        let expression = try CronExpression(parsing: "*/15 * * * *")
        let justBefore = date("2026-05-10T10:14:59Z").addingTimeInterval(0.5)
        #expect(expression.nextFire(after: justBefore, in: utc) == date("2026-05-10T10:15:00Z"))
        let justAfter = date("2026-05-10T10:15:00Z").addingTimeInterval(0.25)
        #expect(expression.nextFire(after: justAfter, in: utc) == date("2026-05-10T10:30:00Z"))
    }

    @Test func everyHourOfAYearFiresOncePerWallClockHour() throws {
        // 8,760 wall-clock hours in 2026; 02:00 on 29 March does not exist and folds into 03:00,
        // and 02:00 on 25 October fires once. So 8,759 fires, each an hour or two apart.
        let expression = try CronExpression(parsing: "0 * * * *")
        let end = date("2027-01-01T00:00:00+01:00")
        var after = date("2025-12-31T23:30:00+01:00")
        var fires: [Date] = []
        while let fire = expression.nextFire(after: after, in: oslo), fire < end {
            fires.append(fire)
            after = fire
        }
        #expect(fires.count == 8759)
        #expect(fires.first == date("2026-01-01T00:00:00+01:00"))
        #expect(fires.last == date("2026-12-31T23:00:00+01:00"))
        let gaps = Set(zip(fires, fires.dropFirst()).map { $1.timeIntervalSince($0) })
        #expect(gaps == [3600, 7200])
    }
}
