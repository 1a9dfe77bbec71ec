import Foundation
import Scheduler
import Testing

struct PreviousCase: Sendable, CustomTestStringConvertible {
    var expression: String
    var timeZone: TimeZone
    var atOrBefore: String
    var after: String
    var expected: String?
    var testDescription: String { "'\(expression)' in (\(after), \(atOrBefore)]" }
}

@Suite("Previous fire time (catch-up)")
struct PreviousFireTests {
    static let cases: [PreviousCase] = [
        // The daemon starts on Monday morning; Friday evening's pause was missed.
        PreviousCase(
            expression: "0 20 * * 1-5", timeZone: oslo, atOrBefore: "2026-05-11T08:00:00+02:00",
            after: "2026-05-01T00:00:00Z", expected: "2026-05-08T20:00:00+02:00"
        ),
        // ...but not if it was already handled.
        PreviousCase(
            expression: "0 20 * * 1-5", timeZone: oslo, atOrBefore: "2026-05-11T08:00:00+02:00",
            after: "2026-05-08T20:00:00+02:00", expected: nil
        ),
        // The upper end is inclusive.
        PreviousCase(
            expression: "0 20 * * 1-5", timeZone: oslo, atOrBefore: "2026-05-11T20:00:00+02:00",
            after: "2026-05-11T19:00:00+02:00", expected: "2026-05-11T20:00:00+02:00"
        ),
        PreviousCase(
            expression: "*/15 * * * *", timeZone: utc, atOrBefore: "2026-05-10T10:29:59Z",
            after: "2026-05-10T00:00:00Z", expected: "2026-05-10T10:15:00Z"
        ),
        PreviousCase(
            expression: "0 0 1 * *", timeZone: utc, atOrBefore: "2026-03-01T00:00:00Z",
            after: "2026-01-15T00:00:00Z", expected: "2026-03-01T00:00:00Z"
        ),
        PreviousCase(
            expression: "0 0 29 2 *", timeZone: utc, atOrBefore: "2027-01-01T00:00:00Z",
            after: "2020-01-01T00:00:00Z", expected: "2024-02-29T00:00:00Z"
        ),
        PreviousCase(
            expression: "0 0 15 * 3", timeZone: utc, atOrBefore: "2026-05-19T00:00:00Z",
            after: "2026-05-01T00:00:00Z", expected: "2026-05-15T00:00:00Z"
        ),
        PreviousCase(
            expression: "0 0 30 2 *", timeZone: utc, atOrBefore: "2026-05-01T00:00:00Z",
            after: "2000-01-01T00:00:00Z", expected: nil
        ),
        // An empty or reversed interval holds nothing.
        PreviousCase(
            expression: "* * * * *", timeZone: utc, atOrBefore: "2026-05-01T00:00:00Z",
            after: "2026-05-01T00:00:00Z", expected: nil
        ),
        // A time skipped by the spring-forward gap fired at 03:00.
        PreviousCase(
            expression: "30 2 * * *", timeZone: oslo, atOrBefore: "2026-03-29T04:00:00+02:00",
            after: "2026-03-29T00:00:00+01:00", expected: "2026-03-29T03:00:00+02:00"
        ),
        // In the second 02:00-03:00 of 25 October, 02:45 already fired (at its first occurrence).
        PreviousCase(
            expression: "45 2 * * *", timeZone: oslo, atOrBefore: "2026-10-25T02:30:00+01:00",
            after: "2026-10-24T12:00:00Z", expected: "2026-10-25T02:45:00+02:00"
        ),
        PreviousCase(
            expression: "15 2 * * *", timeZone: oslo, atOrBefore: "2026-10-25T02:30:00+01:00",
            after: "2026-10-24T12:00:00Z", expected: "2026-10-25T02:15:00+02:00"
        ),
    ]

    @Test("latest fire in the interval", arguments: cases)
    func latestFire(_ testCase: PreviousCase) throws {
        let expression = try CronExpression(parsing: testCase.expression)
        let fire = expression.previousFire(
            atOrBefore: date(testCase.atOrBefore), after: date(testCase.after), in: testCase.timeZone
        )
        #expect(fire == testCase.expected.map(date))
    }

    @Test func aDistantLowerBoundIsSearchedOnlyAsFarAsTheHorizon() throws {
        let expression = try CronExpression(parsing: "0 0 29 2 *")
        let now = date("2026-05-01T00:00:00Z")
        #expect(expression.previousFire(atOrBefore: now, after: .distantPast, in: utc) == date("2024-02-29T00:00:00Z"))
        #expect(expression.nextFire(after: .distantFuture, in: utc) != nil)
        #expect(expression.nextFire(after: Date(timeIntervalSince1970: 1e300), in: utc) == nil)
    }

    static let roundTrips: [(String, TimeZone)] = [
        ("*/15 * * * *", oslo), ("30 2 * * *", oslo), ("0 20 * * 1-5", oslo), ("0 0 29 2 *", utc),
        ("0 * * * *", oslo), ("0 2 * * *", newYork), ("0 0 15 * 3", kolkata),
    ]

    @Test("agrees with nextFire around clock changes", arguments: roundTrips)
    func agreesWithNextFire(_ text: String, _ timeZone: TimeZone) throws {
        let expression = try CronExpression(parsing: text)
        let starts = [
            "2026-03-29T00:40:00Z", "2026-03-29T01:00:00Z", "2026-10-25T00:10:00Z", "2026-10-25T00:50:00Z",
            "2026-10-25T01:10:00Z", "2026-10-25T01:50:00Z", "2026-03-08T06:30:00Z", "2026-11-01T05:30:00Z",
        ]
        for start in starts.map(date) {
            let next = try #require(expression.nextFire(after: start, in: timeZone))
            #expect(expression.previousFire(atOrBefore: next, after: start, in: timeZone) == next)
            #expect(expression.previousFire(atOrBefore: next.addingTimeInterval(-1), after: start, in: timeZone) == nil)
        }
    }
}
