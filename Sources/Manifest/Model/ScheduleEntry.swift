import Scheduler

/// A `schedule:` entry: an action run by the daemon whenever `cron` fires.
public struct ScheduleEntry: Hashable, Sendable {
    public enum Action: String, Hashable, Sendable, CaseIterable {
        case pause, resume, up, down
    }

    public var cron: CronExpression
    /// The expression as written, for display.
    public var cronText: String
    public var action: Action
    /// An IANA identifier such as `Europe/Oslo`; nil means the machine's local time zone.
    public var timezone: String?

    public init(cron: CronExpression, cronText: String, action: Action, timezone: String? = nil) {
        self.cron = cron
        self.cronText = cronText
        self.action = action
        self.timezone = timezone
    }
}
