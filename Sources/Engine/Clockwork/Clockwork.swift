import Foundation
import Manifest
import Router
import Scheduler
import State

/// What pauses, sleeps and wakes an environment by itself: the idle watch (`IdleWatch`), the
/// wake on a request, and the schedule (`ScheduleKeeper`). Each carries out the environment's
/// own verbs, with their cause.
struct Clockwork {
    private var idleWatch: Task<Void, Never>?
    private var scheduleKeeper: Task<Void, Never>?

    /// Keeps what `environment` asks for, through `router`: the idle watch and the wake on a
    /// request anew, the schedule anew only when it changed (or is not kept yet).
    mutating func keep(_ environment: Environment, router: Router?, scheduleChanged: Bool, clock: any Clock<Duration>,
                       wallClock: @escaping @Sendable () -> Date, for supervisor: EnvironmentSupervisor) {
        idleWatch?.cancel()
        idleWatch = nil
        if let limit = environment.idleSleep, let router {
            let asleep = environment.schedule?.asleep ?? .pause
            idleWatch = IdleWatch.watch(router, limit: limit, clock: clock) { [weak supervisor] in
                await supervisor?.idleExpired(asleep: asleep)
            }
        }
        if environment.wakeOnRequest {
            router?.setWakeOnRequest { [weak supervisor] in
                Task { await supervisor?.wake(cause: .request) }
            }
        } else {
            router?.setWakeOnRequest(nil)
        }
        guard scheduleChanged || scheduleKeeper == nil else { return }
        scheduleKeeper?.cancel()
        scheduleKeeper = environment.schedule.map { schedule in
            ScheduleKeeper.keep(schedule, clock: clock, wallClock: wallClock) { [weak supervisor] action, why in
                await supervisor?.carryOut(action, cause: why)
            }
        }
    }

    mutating func stop() {
        idleWatch?.cancel()
        idleWatch = nil
        scheduleKeeper?.cancel()
        scheduleKeeper = nil
    }
}

extension EnvironmentSupervisor {
    func keepClockwork(scheduleChanged: Bool) {
        clockwork.keep(environment, router: router, scheduleChanged: scheduleChanged, clock: clock, wallClock: wallClock, for: self)
    }

    /// One action of the schedule, with cause `schedule`.
    func carryOut(_ action: ScheduleAction, cause why: String) async {
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
    func idleExpired(asleep how: AsleepStyle) async {
        guard !asleep, await !units.isPaused, await units.observedState == .running else { return }
        switch how {
        case .pause: await pause(cause: .idle)
        case .sleep: await sleep(cause: .idle)
        }
    }
}
