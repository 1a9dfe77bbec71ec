import Foundation
import Manifest
import Scheduler

extension EnvironmentSupervisor {
    /// How the schedule keeper waits: at most this long between looks at the wall clock, so a
    /// jump of it (a laptop waking up) is seen within this.
    static let scheduleRecheck: Duration = .seconds(30)
    /// A difference between wall-clock and monotonic time this large is a jump of the wall clock.
    static let clockJump: Duration = .seconds(5)

    /// Keeps the manifest's schedule: at each boundary of an awake window and each cron time it
    /// does what the schedule says, with cause `schedule`; after a jump of the wall clock it
    /// converges once to where the schedule should be now (level-triggered), replaying nothing
    /// else. Between boundaries a manual command wins. Time comes from the injected clocks.
    func keepSchedule() {
        scheduleKeeper?.cancel()
        scheduleKeeper = nil
        guard let schedule = environment.schedule else { return }
        let clock = self.clock, wallClock = self.wallClock
        let elapsed = Self.stopwatch(clock)
        scheduleKeeper = Task {
            var lastSeen = wallClock()
            while !Task.isCancelled {
                guard let next = schedule.nextActions(after: lastSeen, count: 1).first else { return }
                let wait = min(max(.zero, .seconds(next.at.timeIntervalSince(lastSeen))), Self.scheduleRecheck)
                let monotonicBefore = elapsed()
                do { try await clock.sleep(for: wait) } catch { return }
                let now = wallClock()
                let wallPassed = Duration.seconds(now.timeIntervalSince(lastSeen))
                let drift = wallPassed - (elapsed() - monotonicBefore)
                if drift > Self.clockJump || drift < .zero - Self.clockJump {
                    if let action = schedule.catchUp(lastSeen: lastSeen, now: now).action {
                        await self.carryOut(action, cause: "the wall clock jumped")
                    }
                } else {
                    for due in schedule.nextActions(after: lastSeen, count: 16) where due.at <= now {
                        await self.carryOut(due.action, cause: due.cause)
                    }
                }
                lastSeen = now
            }
        }
    }

    /// One action of the schedule, with cause `schedule`.
    private func carryOut(_ action: ScheduleAction, cause why: String) async {
        record("schedule", "\(action.rawValue): \(why)")
        switch action {
        case .pause: await pause(cause: .schedule)
        case .resume: await resume(cause: .schedule)
        case .sleep: await sleep(cause: .schedule)
        case .wake: await wake(cause: .schedule)
        case .restart: try? await restart(service: nil)
        case .reset:
            do {
                _ = try await seed(reset: true, as: environment.postgres)
            } catch {
                record("schedule", "reset failed: \(error)")
            }
        }
    }
}
