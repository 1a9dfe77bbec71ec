import Manifest

/// A moment the environment's services go to sleep (scaled to 0) or wake (back to their
/// replicas), as a 5-field cron time in an IANA zone.
///
/// Today's manifest says when with `schedule:` entries: `pause` and `down` sleep, `resume` and
/// `up` wake. DESIGN.md's schedule (`awake` windows) maps here too: each window is a wake at its
/// start and a sleep at its end (`Mon-Fri 07:00-20:00` → `0 7 * * 1-5` and `0 20 * * 1-5`).
struct ScaleTransition: Hashable, Sendable {
    enum Target: Hashable, Sendable { case asleep, awake }

    var cron: String
    var timeZone: String?
    var target: Target
    /// Where it comes from in the manifest, for names and warnings: `schedule.0 (pause)`.
    var source: String
    /// A DNS-label name for its CronJob: `schedule-0-pause`.
    var name: String

    static func transitions(of environment: Environment) -> [ScaleTransition] {
        environment.schedule.enumerated().map { index, entry in
            let target: Target = (entry.action == .pause || entry.action == .down) ? .asleep : .awake
            return ScaleTransition(cron: entry.cronText, timeZone: entry.timezone, target: target,
                                   source: "schedule.\(index) (\(entry.action.rawValue))",
                                   name: "schedule-\(index)-\(entry.action.rawValue)")
        }
    }
}

/// kube-downscaler's `downscaler/uptime`: `Mon-Fri 07:00-20:00 Europe/Oslo`, several joined by
/// commas. It holds a wake and a later sleep on the same days at fixed times; anything else
/// (other day-of-month or month fields, a window across midnight, a lone transition) has no
/// equivalent and is named in a warning.
enum DownscalerUptime {
    struct Result {
        var uptime: String?
        var warnings: [String]
    }

    static func uptime(_ transitions: [ScaleTransition]) -> Result {
        var windows: [String] = [], warnings: [String] = []
        var sleeps = transitions.filter { $0.target == .asleep }
        for wake in transitions where wake.target == .awake {
            guard let start = CronTime(wake.cron) else {
                warnings.append("\(wake.source): '\(wake.cron)' has no kube-downscaler equivalent (fixed minute and hour, any day of month and month): left out")
                continue
            }
            guard let index = sleeps.firstIndex(where: { sleep in
                guard let end = CronTime(sleep.cron) else { return false }
                return end.days == start.days && sleep.timeZone == wake.timeZone && end.minutes > start.minutes
            }), let end = CronTime(sleeps[index].cron) else {
                warnings.append("\(wake.source): no later sleep on the same days to make a kube-downscaler uptime window with: left out")
                continue
            }
            let zone = wake.timeZone ?? "UTC"
            if wake.timeZone == nil { warnings.append("\(wake.source): no timezone: kube-downscaler reads it as UTC") }
            for days in start.dayRanges { windows.append("\(days) \(start.clock)-\(end.clock) \(zone)") }
            sleeps.remove(at: index)
        }
        for sleep in sleeps {
            warnings.append("\(sleep.source): no earlier wake on the same days to make a kube-downscaler uptime window with: left out")
        }
        return Result(uptime: windows.isEmpty ? nil : windows.joined(separator: ","), warnings: warnings)
    }

    /// A cron time with a fixed minute and hour, any day of month and month.
    struct CronTime {
        var minutes: Int
        var days: String

        init?(_ text: String) {
            let fields = text.split(separator: " ").map(String.init)
            guard fields.count == 5, let minute = Int(fields[0]), let hour = Int(fields[1]), (0..<60).contains(minute),
                  (0..<24).contains(hour), fields[2] == "*", fields[3] == "*", CronTime.ranges(fields[4]) != nil else { return nil }
            minutes = hour * 60 + minute
            days = fields[4]
        }

        var clock: String {
            let (hour, minute) = (minutes / 60, minutes % 60)
            return (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
        }

        var dayRanges: [String] { CronTime.ranges(days) ?? [] }

        private static let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

        /// `1-5` → `Mon-Fri`; `*` → `Mon-Sun`; `1,3` → `Mon-Mon`, `Wed-Wed`.
        static func ranges(_ field: String) -> [String]? {
            if field == "*" { return ["Mon-Sun"] }
            var result: [String] = []
            for part in field.split(separator: ",") {
                let bounds = part.split(separator: "-").compactMap { Int($0) }
                guard (1...2).contains(bounds.count), bounds.allSatisfy({ (0...7).contains($0) }),
                      bounds.count == part.split(separator: "-").count else { return nil }
                let (from, to) = (bounds[0], bounds.last!)
                guard from <= to else { return nil }
                result.append("\(names[from])-\(names[to])")
            }
            return result.isEmpty ? nil : result
        }
    }
}
