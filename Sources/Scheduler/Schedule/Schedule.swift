import Foundation

/// When an environment is awake: `schedule:` in a manifest.
///
/// The environment is awake inside its awake windows and asleep outside them (with no window at
/// all, it is awake every day); no window starts on a holiday. Cron entries are one-off actions
/// on top, and holidays do not suppress them. All times are wall-clock times in `timeZone`: a time
/// the clocks skip takes effect at the instant they jump, a time that occurs twice at its first
/// occurrence.
public struct Schedule: Sendable, Hashable {
    /// The zone the times are read in; nil means the machine's own zone.
    public var timeZone: ScheduleTimeZone?
    public var awake: [AwakeWindow]
    public var holidays: [Holiday]
    public var asleep: AsleepStyle
    public var cron: [CronAction]

    public init(timeZone: ScheduleTimeZone? = nil, awake: [AwakeWindow] = [], holidays: [Holiday] = [],
                asleep: AsleepStyle = .pause, cron: [CronAction] = []) {
        self.timeZone = timeZone
        self.awake = awake
        self.holidays = holidays
        self.asleep = asleep
        self.cron = cron
    }

    /// The Foundation zone the times are read in.
    public var zone: TimeZone { timeZone?.timeZone ?? .current }

    /// The zone's IANA identifier (the machine's when none is set).
    public var zoneIdentifier: String { timeZone?.identifier ?? TimeZone.current.identifier }

    /// Whether awake windows and holidays say anything: without them the environment is always awake.
    var hasLevels: Bool { !awake.isEmpty || !holidays.isEmpty }
}
