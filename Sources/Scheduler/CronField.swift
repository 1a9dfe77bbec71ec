/// One of the five fields of a cron expression, with what each one accepts.
enum CronField: Int, CaseIterable, Sendable {
    case minute, hour, dayOfMonth, month, dayOfWeek

    /// The field's name as the error messages spell it.
    var name: String {
        switch self {
        case .minute: "minute"
        case .hour: "hour"
        case .dayOfMonth: "day"
        case .month: "month"
        case .dayOfWeek: "weekday"
        }
    }

    /// The numbers the field accepts (day of week accepts 7 as a second Sunday).
    var bounds: ClosedRange<Int> {
        switch self {
        case .minute: 0...59
        case .hour: 0...23
        case .dayOfMonth: 1...31
        case .month: 1...12
        case .dayOfWeek: 0...7
        }
    }

    /// Where `*` and an open-ended `a/n` stop: Saturday for day of week, so `*/2` never adds a
    /// second Sunday.
    var openEnd: Int {
        self == .dayOfWeek ? 6 : bounds.upperBound
    }

    /// The largest useful step: the number of distinct values in the field.
    var maximumStep: Int {
        switch self {
        case .minute: 60
        case .hour: 24
        case .dayOfMonth: 31
        case .month: 12
        case .dayOfWeek: 7
        }
    }

    /// Three-letter names, lowercased, in value order starting at `firstNamedValue`.
    var names: [String] {
        switch self {
        case .month: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        case .dayOfWeek: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        default: []
        }
    }

    /// The value of the first name in `names`.
    var firstNamedValue: Int {
        self == .month ? 1 : 0
    }

    /// What the field accepts, for error messages: `0-59`, `1-12 or jan-dec`.
    var allowed: String {
        let numbers = "\(bounds.lowerBound)-\(bounds.upperBound)"
        guard let first = names.first, let last = names.last else { return numbers }
        return "\(numbers) or \(first)-\(last)"
    }
}
