import Foundation
import Router
import Supervisor

extension EnvironmentSupervisor {
    /// Why a pause, resume, sleep or wake happened: the event names it.
    public enum Cause: String, Sendable {
        case cli, schedule, idle, request
    }

    /// Freezes every unit, dependents first: each replica's whole process group stops (zero CPU,
    /// memory kept), a pending restart is held, and probing stops, so the gap counts as no
    /// failure. A unit's kind gets ready for it first (Postgres: a CHECKPOINT). The router
    /// answers what reaches it with a 503 that says how to resume.
    public func pause(cause: Cause) async {
        guard !graph.isPaused else { return }
        intent += 1
        let mine = intent
        let state = self.state, logger = self.logger
        for wave in graph.plan.stopWaves {
            for name in wave {
                // A resume or wake meanwhile wins: nothing more is frozen.
                guard intent == mine else { return }
                guard let unit = graph[name], unit.started else { continue }
                if let prepare = unit.kind.beforePause(state: state, logger: logger) {
                    await Task.detached { prepare() }.value
                }
                for slot in unit.replicas { await slot.runner.pause() }
            }
        }
        router?.setNotice("\(name) is paused: run devenv resume \(name)")
        record("pause", "\(name) paused (cause: \(cause.rawValue))")
        notifyChange()
    }

    /// Thaws every unit, dependencies first, and probes again; a held restart is carried out.
    /// No restart is counted for the pause itself. A sleeping environment is woken instead.
    public func resume(cause: Cause) async {
        if asleep { return await wake(cause: cause) }
        intent += 1
        guard graph.isPaused else { return }
        for wave in graph.plan.stopWaves.reversed() {
            for name in wave {
                for slot in graph[name]?.replicas ?? [] { await slot.runner.resume() }
            }
        }
        router?.setNotice(nil)
        router?.noteActivity()  // back by hand or by request: idle time starts again
        record("resume", "\(name) resumed (cause: \(cause.rawValue))")
        notifyChange()
    }

    /// Ends every unit cleanly, dependents first, each within its stop_timeout (data kept,
    /// memory freed), while the daemon, the router and their ports live on; the router answers
    /// with a 503 that says how to wake it.
    public func sleep(cause: Cause) async {
        guard !asleep else { return }
        asleep = true
        intent += 1
        let mine = intent
        router?.setNotice("\(name) is asleep: run devenv wake \(name)")
        // A wake meanwhile wins: the wave being stopped finishes, the rest stay up.
        await stop(services: Set(graph.units.keys), while: { self.intent == mine })
        guard intent == mine else { return }
        record("sleep", "\(name) asleep (cause: \(cause.rawValue))")
        notifyChange()
    }

    /// Starts every unit again in dependency order; a paused environment is resumed instead.
    public func wake(cause: Cause) async {
        guard asleep else { return await resume(cause: cause) }
        asleep = false
        intent += 1
        for name in graph.units.keys { graph[name]?.wanted = true }
        router?.setNotice(nil)
        router?.noteActivity()
        record("wake", "\(name) waking (cause: \(cause.rawValue))")
        startReadyServices()
        notifyChange()
    }
}
