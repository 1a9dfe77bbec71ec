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
        guard await !units.isPaused else { return }
        let mine = newIntent()
        // A resume or wake meanwhile wins: nothing more is frozen.
        guard await units.pauseUnits(while: { await self.intent == mine }) else { return }
        router?.setNotice("\(name) is paused: run devenv resume \(name)")
        record("pause", "\(name) paused (cause: \(cause.rawValue))")
        await units.notifyChange()
    }

    /// Thaws every unit, dependencies first, and probes again; a held restart is carried out.
    /// No restart is counted for the pause itself. A sleeping environment is woken instead.
    public func resume(cause: Cause) async {
        if asleep { return await wake(cause: cause) }
        newIntent()
        guard await units.isPaused else { return }
        await units.resumeUnits()
        router?.setNotice(nil)
        router?.noteActivity()  // back by hand or by request: idle time starts again
        record("resume", "\(name) resumed (cause: \(cause.rawValue))")
        await units.notifyChange()
    }

    /// Ends every unit cleanly, dependents first, each within its stop_timeout (data kept,
    /// memory freed), while the daemon, the router and their ports live on; the router answers
    /// with a 503 that says how to wake it.
    public func sleep(cause: Cause) async {
        guard !asleep else { return }
        asleep = true
        let mine = newIntent()
        router?.setNotice("\(name) is asleep: run devenv wake \(name)")
        // A wake meanwhile wins: the wave being stopped finishes, the rest stay up.
        guard await units.sleepUnits(while: { await self.intent == mine }) else { return }
        record("sleep", "\(name) asleep (cause: \(cause.rawValue))")
        await units.notifyChange()
    }

    /// Starts every unit again in dependency order; a paused environment is resumed instead.
    public func wake(cause: Cause) async {
        guard asleep else { return await resume(cause: cause) }
        asleep = false
        newIntent()
        router?.setNotice(nil)
        router?.noteActivity()
        record("wake", "\(name) waking (cause: \(cause.rawValue))")
        await units.wakeUnits()
    }

    /// A new pause, resume, sleep or wake: one still in progress stops at its next step.
    @discardableResult
    private func newIntent() -> Int {
        intent += 1
        return intent
    }
}
