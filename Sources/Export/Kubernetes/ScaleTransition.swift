import Foundation
import Manifest
import Scheduler

/// A moment the schedule changes the environment's Deployments, as a 5-field cron time in an
/// IANA zone: they go to sleep (scaled to 0), wake (back to their replicas) or restart.
///
/// Each awake window is a wake at its start and a sleep at its end (`Mon-Fri 07:00-20:00` →
/// `0 7 * * 1-5` and `0 20 * * 1-5`; `Fri 22:00-02:00` ends `0 2 * * 6`). Cron entries keep
/// their times: pause and sleep scale to 0, resume and wake back, restart is a rollout restart,
/// and reset (recreating the databases) has no equivalent. CronJobs know no holidays.
struct ScaleTransition: Hashable, Sendable {
    enum Target: Hashable, Sendable { case asleep, awake, restart }

    var cron: String
    var timeZone: String?
    var target: Target
    /// Where it comes from in the manifest, for comments and warnings: `schedule.awake.0 (Mon-Fri 07:00-20:00)`.
    var source: String
    /// A DNS-label name for its CronJob: `schedule-awake-0-start`.
    var name: String

    /// The transitions of an environment's schedule, and what has none.
    static func transitions(of environment: Environment) -> (transitions: [ScaleTransition], warnings: [String]) {
        guard let schedule = environment.schedule else { return ([], []) }
        let zone = schedule.timeZone?.identifier
        var transitions: [ScaleTransition] = [], warnings: [String] = []
        for (index, window) in schedule.awake.enumerated() {
            let source = "schedule.awake.\(index) (\(window.text))"
            let endsNextDay = window.crossesMidnight || window.end == 1440
            let endDays = endsNextDay ? window.days.map { ($0 + 1) % 7 } : window.days
            transitions.append(ScaleTransition(cron: cronTime(window.start, days: window.days), timeZone: zone, target: .awake,
                                               source: source, name: "schedule-awake-\(index)-start"))
            transitions.append(ScaleTransition(cron: cronTime(window.end % 1440, days: endDays), timeZone: zone, target: .asleep,
                                               source: source, name: "schedule-awake-\(index)-end"))
        }
        if !schedule.holidays.isEmpty {
            warnings.append(holidayWarning(schedule))
        }
        for (index, entry) in schedule.cron.enumerated() {
            let source = "schedule.cron.\(index) (\(entry.action.rawValue))"
            let target: Target
            switch entry.action {
            case .pause, .sleep: target = .asleep
            case .resume, .wake: target = .awake
            case .restart: target = .restart
            case .reset:
                warnings.append("\(source): reset recreates the databases and has no Kubernetes equivalent: left out")
                continue
            }
            transitions.append(ScaleTransition(cron: entry.expression.description, timeZone: zone, target: target, source: source,
                                               name: "schedule-cron-\(index)-\(entry.action.rawValue)"))
        }
        return (transitions, warnings)
    }

    static func holidayWarning(_ schedule: Schedule) -> String {
        let days = schedule.holidays.map(\.text).joined(separator: ", ")
        return "schedule.holidays: Kubernetes schedules know no holidays: on \(days) the Deployments wake as on other days "
            + "(suspend the schedule over them)"
    }

    /// `M H * * DAYS` for a minute of the day on some weekdays.
    static func cronTime(_ minute: Int, days: [Int]) -> String {
        "\(minute % 60) \(minute / 60) * * \(dayField(days))"
    }

    /// `1-5`, `0,6`, `*`: weekdays (0 = Sunday) as a cron day-of-week field, runs as ranges.
    static func dayField(_ days: [Int]) -> String {
        let sorted = Set(days).sorted()
        if sorted.count == 7 { return "*" }
        return runs(sorted).map { $0.first == $0.last ? "\($0.first)" : "\($0.first)-\($0.last)" }.joined(separator: ",")
    }

    /// Consecutive values as (first, last) runs.
    static func runs(_ sorted: [Int]) -> [(first: Int, last: Int)] {
        var result: [(first: Int, last: Int)] = []
        for value in sorted {
            if let last = result.last, last.last + 1 == value {
                result[result.count - 1].last = value
            } else {
                result.append((value, value))
            }
        }
        return result
    }
}

/// kube-downscaler's `downscaler/uptime`: `Mon-Fri 07:00-20:00 Europe/Oslo`, several joined by
/// commas, one per awake window. A window that ends at or after midnight, holidays and cron
/// entries have no equivalent and are named in a warning.
enum DownscalerUptime {
    struct Result {
        var uptime: String?
        var warnings: [String]
    }

    private static let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    static func uptime(_ environment: Environment) -> Result {
        guard let schedule = environment.schedule else { return Result(uptime: nil, warnings: []) }
        var windows: [String] = [], warnings: [String] = []
        let zone = schedule.timeZone?.identifier ?? "UTC"
        if schedule.timeZone == nil, !schedule.awake.isEmpty {
            warnings.append("schedule.timezone: not set: kube-downscaler reads the windows as UTC")
        }
        for (index, window) in schedule.awake.enumerated() {
            guard !window.crossesMidnight, window.end < 1440 else {
                warnings.append("schedule.awake.\(index) (\(window.text)): ends at or after midnight, which a kube-downscaler uptime cannot say: left out")
                continue
            }
            let clock = { (minute: Int) in String(format: "%02d:%02d", minute / 60, minute % 60) }
            for run in ScaleTransition.runs(window.days) {
                windows.append("\(names[run.first])-\(names[run.last]) \(clock(window.start))-\(clock(window.end)) \(zone)")
            }
        }
        if !schedule.holidays.isEmpty { warnings.append(ScaleTransition.holidayWarning(schedule)) }
        for (index, entry) in schedule.cron.enumerated() {
            warnings.append("schedule.cron.\(index) (\(entry.action.rawValue)): kube-downscaler has no one-off actions: left out")
        }
        return Result(uptime: windows.isEmpty ? nil : windows.joined(separator: ","), warnings: warnings)
    }
}
