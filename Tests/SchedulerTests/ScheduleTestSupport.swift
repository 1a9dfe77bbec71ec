import Foundation
import Scheduler

/// A schedule from manifest-like text, failing the test run loudly on a typo.
func schedule(_ zoneName: String, awake: [String] = [], holidays: [String] = [], asleep: AsleepStyle = .pause,
              cron: [(String, ScheduleAction)] = []) -> Schedule {
    // swift-format-ignore: NeverUseForceTry
    try! Schedule(timeZone: ScheduleTimeZone(named: zoneName), awake: awake.map { try AwakeWindow(parsing: $0) },
                  holidays: holidays.map { try Holiday(parsing: $0) }, asleep: asleep,
                  cron: cron.map { CronAction(expression: try CronExpression(parsing: $0.0), action: $0.1) })
}

extension Schedule {
    /// The next actions as `2027-03-29T07:00:00+02:00 resume (awake Mon-Fri 07:00-20:00)` lines.
    func next(_ count: Int, after text: String) -> [String] {
        nextActions(after: date(text), count: count).map { "\(RFC3339.string($0.at, in: zone)) \($0.action.rawValue) (\($0.cause))" }
    }

    func level(_ text: String) -> ScheduleLevel { level(at: date(text)) }
}
