import Scheduler

/// `schedule:`: the zone, awake windows, holidays, how it sleeps and cron actions.
extension ManifestDecoder {
    static let scheduleKeys = ["timezone", "awake", "holidays", "asleep", "cron"]

    /// How the section is written, for the error about the old list shape.
    static let scheduleExample =
        #"schedule: { timezone: Europe/Oslo, awake: ["Mon-Fri 07:00-20:00"], asleep: pause, cron: [{ at: "0 3 * * 1-5", action: reset }] }"#

    func schedule(_ node: Node, path: String) -> Schedule? {
        if case .sequence = node.value {
            error("\(path): a list of { cron, action, timezone } entries is the old shape; write a mapping: "
                  + Self.scheduleExample + " (a pause/resume pair becomes one awake window)", at: node.position)
            return nil
        }
        guard let entries = mapping(node, path: path, allowed: Self.scheduleKeys) else { return nil }
        var schedule = Schedule()
        for entry in entries {
            let entryPath = join(path, entry.key)
            switch entry.key {
            case "timezone": schedule.timeZone = timeZone(entry.value, path: entryPath)
            case "awake":
                schedule.awake = items(entry.value, path: entryPath) { text throws(ScheduleParseError) in
                    try AwakeWindow(parsing: text)
                }
            case "holidays":
                schedule.holidays = items(entry.value, path: entryPath) { text throws(ScheduleParseError) in
                    try Holiday(parsing: text)
                }
            case "asleep": schedule.asleep = choice(entry.value, path: entryPath, as: AsleepStyle.self) ?? .pause
            case "cron":
                schedule.cron = (list(entry.value, path: entryPath) ?? []).enumerated().compactMap {
                    cronAction($0.element, path: join(entryPath, String($0.offset)))
                }
            default: break
            }
        }
        return schedule
    }

    private func timeZone(_ node: Node, path: String) -> ScheduleTimeZone? {
        guard let name = string(node, path: path) else { return nil }
        do {
            return try ScheduleTimeZone(named: name)
        } catch {
            self.error("\(path): \(error.message)", at: node.position.advanced(by: node.scalarTextOffset))
            return nil
        }
    }

    /// A list of strings each parsed by `parse`, a bad one reported at the character it is about.
    private func items<T>(_ node: Node, path: String, _ parse: (String) throws(ScheduleParseError) -> T) -> [T] {
        let nodes: [Node] = list(node, path: path) ?? []
        return nodes.enumerated().compactMap { index, item -> T? in
            let itemPath = join(path, String(index))
            guard let text = string(item, path: itemPath) else { return nil }
            do throws(ScheduleParseError) {
                return try parse(text)
            } catch {
                self.error("\(itemPath): invalid \(path.hasSuffix("awake") ? "awake window" : "holiday") '\(text)': \(error.message)",
                           at: item.position.advanced(by: item.scalarTextOffset + error.offset))
                return nil
            }
        }
    }

    private func cronAction(_ node: Node, path: String) -> CronAction? {
        guard let entries = mapping(node, path: path, allowed: ["at", "action"]) else { return nil }
        var expression: CronExpression?, action: ScheduleAction?
        var complete = true
        for entry in entries {
            let entryPath = join(path, entry.key)
            switch entry.key {
            case "at":
                guard let text = string(entry.value, path: entryPath) else { complete = false; continue }
                do {
                    expression = try CronExpression(parsing: text)
                } catch {
                    self.error("\(entryPath): invalid cron '\(text)': \(error.message); "
                               + "a valid one reads \"0 3 * * 1-5\" (minute hour day month weekday) or @daily",
                               at: entry.value.position.advanced(by: entry.value.scalarTextOffset + error.offset))
                    complete = false
                }
            case "action":
                action = choice(entry.value, path: entryPath, as: ScheduleAction.self)
                if action == nil { complete = false }
            default: break
            }
        }
        let keys = Set(entries.map(\.key))
        if !keys.contains("at") { error("\(path): a cron entry needs 'at' (a 5-field cron time such as \"0 3 * * 1-5\")", at: node.position) }
        if !keys.contains("action") {
            error("\(path): a cron entry needs 'action' (\(ScheduleAction.allCases.map(\.rawValue).joined(separator: ", ")))", at: node.position)
        }
        guard let expression, let action, complete else { return nil }
        return CronAction(expression: expression, action: action)
    }
}
