import Foundation

extension Schedule {
    /// The next `count` actions strictly after `date`, in time order.
    ///
    /// Window boundaries come first at an instant, then cron entries in manifest order. Each cron
    /// entry fires once per matching wall-clock time (a time in the spring gap at the jump, a
    /// repeated time at its first occurrence).
    public func nextActions(after date: Date, count: Int) -> [ScheduledAction] {
        guard count > 0 else { return [] }
        var actions: [ScheduledAction] = []
        if hasLevels {
            // Look a week ahead, then further while fewer changes than asked are found; long
            // holiday ranges can hold none for a while.
            for days in [8, 64, 400, 1500] {
                actions = levelChanges(after: date, through: date.addingTimeInterval(Double(days) * 86_400))
                if actions.count >= count { break }
            }
            actions = Array(actions.prefix(count))
        }
        for entry in cron {
            var after = date
            for _ in 0..<count {
                guard let fire = entry.expression.nextFire(after: after, in: zone) else { break }
                actions.append(ScheduledAction(at: fire, action: entry.action, cause: entry.cause))
                after = fire
            }
        }
        // Stable: level changes (already in order) before cron entries at the same instant.
        let ordered = actions.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
        return Array(ordered.prefix(count).map(\.element))
    }

    /// What a daemon that last looked at the schedule at `lastSeen` (it was down, or the wall
    /// clock jumped) should do at `now`: converge to the level at `now`, once.
    ///
    /// - Returns: The level now; the last window boundary missed in `(lastSeen, now]` (nil when
    ///   none was missed, so a manual `pause` or `wake` still wins), and each cron entry's last
    ///   missed fire (at most one per entry, for the daemon to log; one-off actions are not replayed).
    public func catchUp(lastSeen: Date, now: Date) -> CatchUp {
        // A window boundary more than a year back can no longer matter: the level has changed since.
        let from = max(lastSeen, now.addingTimeInterval(-400 * 86_400))
        let missed = levelChanges(after: from, through: now).last
        let cronMissed = cron.compactMap { entry in
            entry.expression.previousFire(atOrBefore: now, after: lastSeen, in: zone).map {
                ScheduledAction(at: $0, action: entry.action, cause: entry.cause)
            }
        }
        return CatchUp(level: level(at: now), missedBoundary: missed, missedCron: cronMissed.sorted { $0.at < $1.at })
    }
}

/// What a daemon converges to after missing part of its schedule.
public struct CatchUp: Sendable, Hashable {
    /// The level the schedule says for now.
    public var level: ScheduleLevel
    /// The last window boundary that passed unseen, whose action takes the environment to
    /// `level`; nil when no boundary passed.
    public var missedBoundary: ScheduledAction?
    /// Each cron entry's last fire that passed unseen, by time.
    public var missedCron: [ScheduledAction]

    /// The one action to take now: the missed boundary's, or nothing.
    public var action: ScheduleAction? { missedBoundary?.action }
}
