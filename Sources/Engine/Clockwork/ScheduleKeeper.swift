import Foundation
import Manifest
import Scheduler

/// Keeps a manifest's schedule: at each boundary of an awake window and each cron time it asks
/// for what the schedule says; after a jump of the wall clock it asks once for where the schedule
/// should be now (level-triggered), replaying nothing else. Between boundaries a manual command
/// wins. Time comes from the injected clocks.
enum ScheduleKeeper {
    /// At most this long between looks at the wall clock, so a jump of it (a laptop waking up) is
    /// seen within this.
    static let recheck: Duration = .seconds(30)
    /// A difference between wall-clock and monotonic time this large is a jump of the wall clock.
    static let clockJump: Duration = .seconds(5)

    /// The task that keeps `schedule`; `act` carries out each action, given why.
    static func keep(_ schedule: Schedule, clock: any Clock<Duration>, wallClock: @escaping @Sendable () -> Date,
                     act: @escaping @Sendable (ScheduleAction, String) async -> Void) -> Task<Void, Never> {
        let elapsed = ReplicaRunner.stopwatch(clock)
        return Task {
            var lastSeen = wallClock()
            while !Task.isCancelled {
                guard let next = schedule.nextActions(after: lastSeen, count: 1).first else { return }
                let wait = min(max(.zero, .seconds(next.at.timeIntervalSince(lastSeen))), recheck)
                let monotonicBefore = elapsed()
                do { try await clock.sleep(for: wait) } catch { return }
                let now = wallClock()
                let wallPassed = Duration.seconds(now.timeIntervalSince(lastSeen))
                let drift = wallPassed - (elapsed() - monotonicBefore)
                if drift > clockJump || drift < .zero - clockJump {
                    if let action = schedule.catchUp(lastSeen: lastSeen, now: now).action {
                        await act(action, "the wall clock jumped")
                    }
                } else {
                    for due in schedule.nextActions(after: lastSeen, count: 16) where due.at <= now {
                        await act(due.action, due.cause)
                    }
                }
                lastSeen = now
            }
        }
    }
}
