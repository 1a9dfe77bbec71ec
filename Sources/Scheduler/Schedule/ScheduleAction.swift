import Foundation

/// What the schedule does to an environment at a moment.
public enum ScheduleAction: String, Sendable, Hashable, CaseIterable, Codable {
    case pause, resume, sleep, wake, restart, reset
}

/// How an environment sleeps outside its awake windows: `schedule.asleep`.
public enum AsleepStyle: String, Sendable, Hashable, CaseIterable {
    /// Frozen, memory kept, back in milliseconds.
    case pause
    /// Services and Postgres shut down cleanly, data kept, back in seconds.
    case sleep

    /// The action at the end of an awake window.
    public var fallAsleep: ScheduleAction { self == .pause ? .pause : .sleep }
    /// The action at the start of an awake window: the inverse of `fallAsleep`.
    public var wakeUp: ScheduleAction { self == .pause ? .resume : .wake }
}

/// Whether an environment should be awake or asleep at an instant, by its schedule.
public enum ScheduleLevel: String, Sendable, Hashable, Codable {
    case awake, asleep
}

/// One action the schedule takes, when, and why (`awake Mon-Fri 07:00-20:00`, `cron 0 3 * * 1-5`).
public struct ScheduledAction: Sendable, Hashable, CustomStringConvertible {
    public var at: Date
    public var action: ScheduleAction
    public var cause: String

    public init(at: Date, action: ScheduleAction, cause: String) {
        self.at = at
        self.action = action
        self.cause = cause
    }

    public var description: String { "\(at) \(action.rawValue) (\(cause))" }
}

/// A `schedule.cron` entry: a one-off action whenever a 5-field cron expression fires.
public struct CronAction: Sendable, Hashable {
    public var expression: CronExpression
    public var action: ScheduleAction

    public init(expression: CronExpression, action: ScheduleAction) {
        self.expression = expression
        self.action = action
    }

    /// Why it fires, for events and `devenv schedule`: `cron 0 3 * * 1-5`.
    public var cause: String { "cron \(expression)" }
}

