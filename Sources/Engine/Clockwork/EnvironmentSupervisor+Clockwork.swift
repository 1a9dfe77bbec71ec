import Manifest
import Router
import Scheduler
import State

extension EnvironmentSupervisor {
    /// Starts what pauses, sleeps and wakes the environment by itself: the idle watch, the wake
    /// on a request, and (when it changed or is not kept yet) the schedule.
    func keepClockwork(scheduleChanged: Bool) {
        idleWatch?.cancel()
        idleWatch = nil
        if let limit = environment.idleSleep, let router {
            idleWatch = IdleWatch.watch(router, limit: limit, clock: clock) { [weak self] in await self?.idleExpired() }
        }
        if let router {
            if environment.wakeOnRequest {
                router.setWakeOnRequest { [weak self] in
                    Task { await self?.wake(cause: .request) }
                }
            } else {
                router.setWakeOnRequest(nil)
            }
        }
        guard scheduleChanged || scheduleKeeper == nil else { return }
        scheduleKeeper?.cancel()
        scheduleKeeper = environment.schedule.map { schedule in
            ScheduleKeeper.keep(schedule, clock: clock, wallClock: wallClock) { [weak self] action, why in
                await self?.carryOut(action, cause: why)
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
        case .restart: _ = try? await restart(services: [], rolling: false)  // every unit: nothing to refuse
        case .reset:
            do {
                _ = try await seed(reset: true, as: environment.postgres)
            } catch {
                record("schedule", "reset failed: \(error)")
            }
        }
    }

    /// `idle_sleep` passed with no request: sleep the way `schedule.asleep` says (pause by default).
    private func idleExpired() async {
        guard !graph.isPaused, !asleep, graph.observedState(asleep: asleep) == .running else { return }
        switch environment.schedule?.asleep ?? .pause {
        case .pause: await pause(cause: .idle)
        case .sleep: await sleep(cause: .idle)
        }
    }
}
