import Foundation
import Manifest
import Router
import Scheduler
import State

/// What pauses, sleeps and wakes an environment by itself: the idle watch (`IdleWatch`), the
/// wake on a request, and the schedule (`ScheduleKeeper`). Each carries out the environment's
/// own verbs (`Dormancy`'s, and `restart` and `seed --reset`), with its cause.
struct Clockwork {
    private var idleWatch: Task<Void, Never>?
    private var scheduleKeeper: Task<Void, Never>?

    /// Keeps what `environment` asks for, through `router`: the idle watch and the wake on a
    /// request anew, the schedule anew only when it changed (or is not kept yet).
    mutating func keep(_ environment: Environment, router: Router?, scheduleChanged: Bool, clock: any Clock<Duration>,
                       wallClock: @escaping @Sendable () -> Date, for supervisor: EnvironmentSupervisor) {
        let dormancy = supervisor.dormancy
        idleWatch?.cancel()
        idleWatch = nil
        if let limit = environment.idleSleep, let router {
            let style = environment.schedule?.asleep ?? .pause
            idleWatch = IdleWatch.watch(router, limit: limit, clock: clock) { await dormancy.idle(style) }
        }
        if environment.wakeOnRequest {
            // Weakly: the router, held by the engine the dormancy holds, keeps this closure.
            router?.setWakeOnRequest { [weak dormancy] in Task { await dormancy?.wake(cause: .request) } }
        } else {
            router?.setWakeOnRequest(nil)
        }
        guard scheduleChanged || scheduleKeeper == nil else { return }
        scheduleKeeper?.cancel()
        scheduleKeeper = environment.schedule.map { schedule in
            ScheduleKeeper.keep(schedule, clock: clock, wallClock: wallClock) { [weak supervisor] action, why in
                guard let supervisor else { return }
                await Self.carryOut(action, cause: why, on: supervisor)
            }
        }
    }

    mutating func stop() {
        idleWatch?.cancel()
        idleWatch = nil
        scheduleKeeper?.cancel()
        scheduleKeeper = nil
    }

    /// One action of the schedule, with cause `schedule`.
    static func carryOut(_ action: ScheduleAction, cause why: String, on supervisor: EnvironmentSupervisor) async {
        let (dormancy, journal) = (supervisor.dormancy, supervisor.journal)
        journal.record("schedule", service: nil, "\(action.rawValue): \(why)")
        switch action {
        case .pause: await dormancy.pause(cause: .schedule)
        case .resume: await dormancy.resume(cause: .schedule)
        case .sleep: await dormancy.sleep(cause: .schedule)
        case .wake: await dormancy.wake(cause: .schedule)
        case .restart: _ = try? await supervisor.restart(services: [], rolling: false)  // every unit: nothing to refuse
        case .reset:
            do {
                _ = try await supervisor.seed(reset: true, as: await supervisor.environment.postgres)
            } catch {
                journal.record("schedule", service: nil, "reset failed: \(error)")
            }
        }
    }
}
