import Foundation
import Scheduler
import Testing

/// Europe/Oslo in 2026: clocks go forward 02:00 → 03:00 on 29 March and back 03:00 → 02:00 on
/// 25 October. America/New_York goes forward on 8 March.
@Suite("Daylight saving time")
struct DaylightSavingTests {
    static let cases: [FireCase] = [
        // 02:30 does not exist on 29 March: the job runs at the first instant after the gap.
        FireCase(
            expression: "30 2 * * *", timeZone: oslo, after: "2026-03-28T12:00:00+01:00",
            expected: ["2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00"]
        ),
        // Every wall time in the gap folds into one fire at 03:00, which also matches itself.
        FireCase(
            expression: "*/15 * * * *", timeZone: oslo, after: "2026-03-29T01:50:00+01:00",
            expected: ["2026-03-29T03:00:00+02:00", "2026-03-29T03:15:00+02:00"]
        ),
        FireCase(
            expression: "0 3 * * *", timeZone: oslo, after: "2026-03-29T00:00:00+01:00",
            expected: ["2026-03-29T03:00:00+02:00"]
        ),
        FireCase(
            expression: "0 2 * * *", timeZone: newYork, after: "2026-03-08T00:00:00-05:00",
            expected: ["2026-03-08T03:00:00-04:00", "2026-03-09T02:00:00-04:00"]
        ),
        // 02:30 occurs twice on 25 October: the job runs once, at the first occurrence.
        FireCase(
            expression: "30 2 * * *", timeZone: oslo, after: "2026-10-25T00:00:00+02:00",
            expected: ["2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00"]
        ),
        // Asked during the second occurrence, the first has already passed.
        FireCase(
            expression: "30 2 * * *", timeZone: oslo, after: "2026-10-25T02:10:00+01:00",
            expected: ["2026-10-26T02:30:00+01:00"]
        ),
        // A sub-hourly job does not repeat the wall times of the repeated hour.
        FireCase(
            expression: "*/30 * * * *", timeZone: oslo, after: "2026-10-25T01:45:00+02:00",
            expected: ["2026-10-25T02:00:00+02:00", "2026-10-25T02:30:00+02:00", "2026-10-25T03:00:00+01:00"]
        ),
    ]

    @Test("fires across clock changes", arguments: cases)
    func fires(_ testCase: FireCase) throws {
        let expression = try CronExpression(parsing: testCase.expression)
        var after = date(testCase.after)
        for expected in testCase.expected {
            let fire = try #require(expression.nextFire(after: after, in: testCase.timeZone))
            #expect(fire == date(expected), "after \(after)")
            after = fire
        }
    }

    @Test func theSkippedTimeFiresAtTheEndOfTheGapAsAnInstant() throws {
        let fire = try CronExpression(parsing: "30 2 29 3 *").nextFire(after: date("2026-01-01T00:00:00Z"), in: oslo)
        #expect(fire == date("2026-03-29T01:00:00Z"))
    }
}
