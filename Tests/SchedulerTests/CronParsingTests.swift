import Scheduler
import Testing

struct ValidCase: Sendable, CustomTestStringConvertible {
    var text: String
    var minutes = allMinutes
    var hours = allHours
    var days = allDays
    var months = allMonths
    var weekdays = allWeekdays
    var testDescription: String { "'\(text)'" }
}

struct InvalidCase: Sendable, CustomTestStringConvertible {
    var text: String
    var message: String
    var offset: Int
    var testDescription: String { "'\(text)'" }
}

@Suite("Parsing cron expressions")
struct CronParsingTests {
    static let valid: [ValidCase] = [
        ValidCase(text: "* * * * *"),
        ValidCase(
            text: "*/15 0-6/2 1,15,31 jan-mar,DEC mon-fri",
            minutes: [0, 15, 30, 45], hours: [0, 2, 4, 6], days: [1, 15, 31], months: [1, 2, 3, 12],
            weekdays: [1, 2, 3, 4, 5]
        ),
        ValidCase(
            text: "5/20 12 */10 */5 7",
            minutes: [5, 25, 45], hours: [12], days: [1, 11, 21, 31], months: [1, 6, 11], weekdays: [0]
        ),
        ValidCase(text: "0 0 * * 5-7", minutes: [0], hours: [0], weekdays: [0, 5, 6]),
        ValidCase(text: "0 0 * * 0,7", minutes: [0], hours: [0], weekdays: [0]),
        ValidCase(text: "0 0 * * 1/2", minutes: [0], hours: [0], weekdays: [1, 3, 5]),
        ValidCase(text: "0 0 * * */2", minutes: [0], hours: [0], weekdays: [0, 2, 4, 6]),
        ValidCase(text: "0 0 1 * MON-wed", minutes: [0], hours: [0], days: [1], weekdays: [1, 2, 3]),
        ValidCase(text: "00 07 01 01 *", minutes: [0], hours: [7], days: [1], months: [1]),
        ValidCase(text: "0-59/30 * * * *", minutes: [0, 30]),
        ValidCase(text: "59 23 31 12 6", minutes: [59], hours: [23], days: [31], months: [12], weekdays: [6]),
        ValidCase(text: "  30   4\t1 * SUN  ", minutes: [30], hours: [4], days: [1], weekdays: [0]),
        ValidCase(text: "1-3,10-12/2,40 * * sep,oct *", minutes: [1, 2, 3, 10, 12, 40], months: [9, 10]),
        ValidCase(text: "@yearly", minutes: [0], hours: [0], days: [1], months: [1]),
        ValidCase(text: "@annually", minutes: [0], hours: [0], days: [1], months: [1]),
        ValidCase(text: "@monthly", minutes: [0], hours: [0], days: [1]),
        ValidCase(text: "@weekly", minutes: [0], hours: [0], weekdays: [0]),
        ValidCase(text: "@daily", minutes: [0], hours: [0]),
        ValidCase(text: "@midnight", minutes: [0], hours: [0]),
        ValidCase(text: "@HOURLY", minutes: [0]),
    ]

    @Test("valid expressions expand to their field sets", arguments: valid)
    func validExpression(_ testCase: ValidCase) throws {
        let expression = try CronExpression(parsing: testCase.text)
        #expect(expression.minutes == testCase.minutes)
        #expect(expression.hours == testCase.hours)
        #expect(expression.daysOfMonth == testCase.days)
        #expect(expression.months == testCase.months)
        #expect(expression.daysOfWeek == testCase.weekdays)
    }

    static let invalid: [InvalidCase] = [
        InvalidCase(text: "0 20 * *", message: "expected 5 fields (minute hour day month weekday), found 4", offset: 8),
        InvalidCase(text: "0 20 * * * *", message: "expected 5 fields (minute hour day month weekday), found 6", offset: 11),
        InvalidCase(text: "", message: "expected 5 fields (minute hour day month weekday), found 0", offset: 0),
        InvalidCase(text: "0 25 * * *", message: "hour value 25 is out of range 0-23", offset: 2),
        InvalidCase(text: "  0 25 * * *", message: "hour value 25 is out of range 0-23", offset: 4),
        InvalidCase(text: "60 * * * *", message: "minute value 60 is out of range 0-59", offset: 0),
        InvalidCase(text: "0 0 0 * *", message: "day value 0 is out of range 1-31", offset: 4),
        InvalidCase(text: "0 0 * 13 *", message: "month value 13 is out of range 1-12", offset: 6),
        InvalidCase(text: "0 0 * * 8", message: "weekday value 8 is out of range 0-7", offset: 8),
        InvalidCase(text: "0 1-99999999999999999999 * * *", message: "hour value 99999999999999999999 is out of range 0-23", offset: 4),
        InvalidCase(text: "*/0 * * * *", message: "minute step 0 is out of range 1-60", offset: 2),
        InvalidCase(text: "0 */25 * * *", message: "hour step 25 is out of range 1-24", offset: 4),
        InvalidCase(text: "*/x * * * *", message: "minute step 'x' is not a number (expected 1-60)", offset: 2),
        InvalidCase(text: "*/ * * * *", message: "minute step is missing after '/'", offset: 2),
        InvalidCase(text: "0 5-1 * * *", message: "hour range 5-1 is reversed (write the lower value first)", offset: 2),
        InvalidCase(text: "0 0 * * fri-mon", message: "weekday range fri-mon is reversed (write the lower value first)", offset: 8),
        InvalidCase(text: "0 1- * * *", message: "hour range '1-' is missing its end", offset: 4),
        InvalidCase(text: "0 0 * foo *", message: "month name 'foo' is unknown (expected 1-12 or jan-dec)", offset: 6),
        InvalidCase(text: "0 0 * * funday", message: "weekday name 'funday' is unknown (expected 0-7 or sun-sat)", offset: 8),
        InvalidCase(text: "abc * * * *", message: "minute value 'abc' is not a number (expected 0-59)", offset: 0),
        InvalidCase(text: "1,,2 * * * *", message: "minute list has an empty item", offset: 2),
        InvalidCase(text: ",1 * * * *", message: "minute list has an empty item", offset: 0),
        InvalidCase(text: "0 0 1, * *", message: "day list has an empty item", offset: 6),
        InvalidCase(
            text: "0 5#2 * * *",
            message: "unexpected character '#' in hour field (expected 0-23, '*', '-', '/' or ',')", offset: 3
        ),
        InvalidCase(
            text: "0 0 * * mon?",
            message: "unexpected character '?' in weekday field (expected 0-7 or sun-sat, '*', '-', '/' or ',')",
            offset: 11
        ),
        InvalidCase(
            text: "*-5 * * * *",
            message: "unexpected character '-' in minute field (expected 0-59, '*', '-', '/' or ',')", offset: 1
        ),
        InvalidCase(
            text: "1-2-3 * * * *",
            message: "unexpected character '-' in minute field (expected 0-59, '*', '-', '/' or ',')", offset: 3
        ),
        InvalidCase(
            text: "@fortnightly",
            message: "unknown macro '@fortnightly' (expected one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly)",
            offset: 0
        ),
        InvalidCase(text: "@daily 5", message: "macro '@daily' takes no fields, found '5'", offset: 7),
    ]

    @Test("invalid expressions name the field, value and allowed range, at an exact offset", arguments: invalid)
    func invalidExpression(_ testCase: InvalidCase) {
        #expect(throws: CronParseError(message: testCase.message, offset: testCase.offset)) {
            try CronExpression(parsing: testCase.text)
        }
    }

    @Test func descriptionIsTheTrimmedText() throws {
        #expect(try CronExpression(parsing: "  @daily \n").description == "@daily")
        #expect(try CronExpression(parsing: "0 20 * * 1-5").description == "0 20 * * 1-5")
    }

    @Test func equalityFollowsTheText() throws {
        #expect(try CronExpression(parsing: "0 0 * * *") == CronExpression(parsing: " 0 0 * * * "))
        #expect(try CronExpression(parsing: "0 0 * * *") != CronExpression(parsing: "0 1 * * *"))
    }

    @Test func errorDescriptionGivesAOneBasedColumn() {
        let error = CronParseError(message: "hour value 25 is out of range 0-23", offset: 2)
        #expect(error.description == "hour value 25 is out of range 0-23 (at character 3)")
    }
}
