import Scheduler
import Testing

@Suite("Awake windows and holidays as written")
struct AwakeWindowParsingTests {
    @Test(arguments: [
        ("Mon-Fri 07:00-20:00", [1, 2, 3, 4, 5], 420, 1200),
        ("sat,SUN 10:00-14:30", [0, 6], 600, 870),
        ("Fri-Mon 08:00-09:00", [0, 1, 5, 6], 480, 540),
        ("Fri 22:00-02:00", [5], 1320, 120),
        ("Mon 00:00-24:00", [1], 0, 1440),
        ("  Tue-Mon\t 06:30-07:00 ", [0, 1, 2, 3, 4, 5, 6], 390, 420),
    ])
    func parses(_ text: String, _ days: [Int], _ start: Int, _ end: Int) throws {
        let window = try AwakeWindow(parsing: text)
        #expect(window.days == days && window.start == start && window.end == end)
        #expect(window.crossesMidnight == (text == "Fri 22:00-02:00"))
        #expect(window.text == text.split(whereSeparator: \.isWhitespace).joined(separator: " "))
    }

    @Test(arguments: [
        ("Mon-Fry 07:00-20:00", 4, "unknown day 'Fry'"),
        ("Mon-Fri 7:00-20:00", 8, "time '7:00' is not HH:MM"),
        ("Mon-Fri 07:00-25:00", 14, "time '25:00' is out of range"),
        ("Mon-Fri 07:00", 8, "times '07:00'"),
        ("Mon-Fri", 7, "missing the times"),
        ("Mon 07:00-07:00", 4, "is empty"),
        ("Mon 07:00-08:00 daily", 16, "unexpected 'daily'"),
    ])
    func rejects(_ text: String, _ offset: Int, _ message: String) {
        #expect {
            try AwakeWindow(parsing: text)
        } throws: { error in
            guard let error = error as? ScheduleParseError else { return false }
            return error.offset == offset && error.message.contains(message)
        }
    }

    @Test func holidays() throws {
        let range = try Holiday(parsing: "2026-12-28..2027-01-01")
        #expect(range.contains(CalendarDay(year: 2026, month: 12, day: 31)!))
        #expect(!range.contains(CalendarDay(year: 2027, month: 1, day: 2)!))
        #expect(try Holiday(parsing: "2027-05-17").first == CalendarDay(year: 2027, month: 5, day: 17))
        #expect(throws: ScheduleParseError(message: "2027-02-29 is not a day of the calendar", offset: 0)) {
            try Holiday(parsing: "2027-02-29")
        }
        #expect(throws: ScheduleParseError.self) { try Holiday(parsing: "2027-01-02..2026-12-28") }
        #expect(throws: ScheduleParseError.self) { try Holiday(parsing: "24.12.2026") }
        let late = #expect(throws: ScheduleParseError.self) { try Holiday(parsing: "2026-12-28..2027-13-01") }
        #expect(late?.offset == 12)
    }
}
