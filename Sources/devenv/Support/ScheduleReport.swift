import Foundation
import Manifest
import Scheduler

/// What `devenv schedule` prints: the level at an instant and the next actions, as DESIGN.md's
/// `schedule --json` shape or as a table.
struct ScheduleReport {
    var environment: String
    var timezone: String
    var now: ScheduleLevel
    var next: [ScheduledAction]
    private var zone: TimeZone
    private var hasSchedule: Bool
    private var notes: [String]

    init(_ environment: Environment, at date: Date, count: Int) {
        let schedule = environment.schedule ?? Schedule()
        self.environment = environment.name
        timezone = schedule.zoneIdentifier
        now = schedule.level(at: date)
        next = schedule.nextActions(after: date, count: count)
        zone = schedule.zone
        hasSchedule = environment.schedule != nil
        notes = []
        if environment.wakeOnRequest { notes.append("a request routed to it while it is asleep wakes it (wake_on_request)") }
        if let idle = environment.idleSleep {
            notes.append("with no request for \(DurationText.format(idle)) it goes to sleep (idle_sleep)")
        }
    }

    /// One JSON object, keys in the documented order (JSONEncoder here does not keep any order).
    var json: String {
        func string(_ text: String) -> String {
            (try? JSONText.encode(text)) ?? "\"\""
        }
        let entries = next.map {
            #"{"at":\#(string(RFC3339.string($0.at, in: zone))),"action":\#(string($0.action.rawValue)),"cause":\#(string($0.cause))}"#
        }
        return #"{"environment":\#(string(environment)),"timezone":\#(string(timezone)),"now":\#(string(now.rawValue)),"#
            + #""next":[\#(entries.joined(separator: ","))]}"#
    }

    var text: String {
        guard hasSchedule else {
            return "\(environment) has no schedule: it is awake whenever it is up\n"
        }
        var lines = ["\(environment) (\(timezone)): \(now.rawValue) now"] + notes.map { "  \($0)" }
        if next.isEmpty {
            lines.append("no scheduled actions")
            return lines.joined(separator: "\n") + "\n"
        }
        let table = TextTable.render([["AT", "ACTION", "CAUSE"]] + next.map { [RFC3339.string($0.at, in: zone), $0.action.rawValue, $0.cause] })
        return lines.joined(separator: "\n") + "\n\n" + table
    }
}
