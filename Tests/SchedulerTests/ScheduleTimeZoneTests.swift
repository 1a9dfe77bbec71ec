import Foundation
import Scheduler
import Testing

@Suite("Schedule time zones")
struct ScheduleTimeZoneTests {
    @Test func aKnownIdentifierResolves() throws {
        let timeZone = try ScheduleTimeZone(named: "Europe/Oslo")
        #expect(timeZone.identifier == "Europe/Oslo")
        #expect(timeZone.timeZone.secondsFromGMT(for: date("2026-07-01T00:00:00Z")) == 7200)
        #expect(try ScheduleTimeZone.timeZone(named: "UTC").secondsFromGMT(for: date("2026-07-01T00:00:00Z")) == 0)
    }

    @Test(
        "an unknown identifier suggests the closest known one",
        arguments: [
            ("Europe/Olso", "Europe/Oslo"),
            ("Oslo", "Europe/Oslo"),
            ("Olso", "Europe/Oslo"),
            ("Amrica/New_York", "America/New_York"),
            ("new york", "America/New_York"),
            ("utc", "UTC"),
        ]
    )
    func suggestion(_ identifier: String, _ suggestion: String) {
        let expected = UnknownTimeZoneError(identifier: identifier, suggestion: suggestion)
        #expect(throws: expected) { try ScheduleTimeZone(named: identifier) }
        #expect(expected.message == "unknown time zone '\(identifier)' (did you mean '\(suggestion)'?)")
    }

    @Test func anIdentifierFarFromAnyKnownOneHasNoSuggestion() {
        let expected = UnknownTimeZoneError(identifier: "Nowhere/Atlantis", suggestion: nil)
        #expect(throws: expected) { try ScheduleTimeZone.timeZone(named: "Nowhere/Atlantis") }
        #expect(
            expected.message
                == "unknown time zone 'Nowhere/Atlantis' (expected an IANA identifier such as 'Europe/Oslo' or 'UTC')"
        )
    }
}
