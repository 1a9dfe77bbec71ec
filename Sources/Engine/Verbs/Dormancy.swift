import Foundation
import Router
import Scheduler
import State
import Supervisor

/// Pause, resume, sleep and wake of one environment, whoever asks (the command line, the
/// schedule, the idle watch, a request): whether it is meant to be awake, frozen or asleep, and
/// the walk of its units that gets it there.
///
/// Each of the four counts as a new intent: one still in progress sees that a later one came and
/// stops at its next unit, so a wake during a sleep, or a resume during a pause, always wins.
actor Dormancy {
    let units: UnitEngine
    let name: String
    /// Put to sleep: its units are stopped on purpose, the daemon and router live on.
    private(set) var asleep = false
    private var intent = 0

    init(units: UnitEngine) {
        self.units = units
        self.name = units.name
    }

    /// Freezes every unit, dependents first: each replica's whole process group stops (zero CPU,
    /// memory kept), a pending restart is held, and probing stops, so the gap counts as no
    /// failure. A unit's kind gets ready for it first (Postgres: a CHECKPOINT). The router
    /// answers what reaches it with a 503 that says how to resume.
    func pause(cause: EnvironmentSupervisor.Cause) async {
        guard await !units.isPaused else { return }
        let mine = newIntent()
        for wave in await units.stopWaves {
            for name in wave {
                // A resume or wake meanwhile wins: nothing more is frozen.
                guard intent == mine else { return }
                guard let unit = await units.unit(name), unit.started else { continue }
                await unit.set.pause()
            }
        }
        await units.router?.setNotice("\(name) is paused: run devenv resume \(name)")
        await settled("pause", "\(name) paused (cause: \(cause.rawValue))")
    }

    /// Thaws every unit, dependencies first, and probes again; a held restart is carried out.
    /// No restart is counted for the pause itself. A sleeping environment is woken instead.
    func resume(cause: EnvironmentSupervisor.Cause) async {
        if asleep { return await wake(cause: cause) }
        newIntent()
        guard await units.isPaused else { return }
        for wave in await units.stopWaves.reversed() {
            for name in wave { await units.unit(name)?.set.resume() }
        }
        await awake()
        await settled("resume", "\(name) resumed (cause: \(cause.rawValue))")
    }

    /// Ends every unit cleanly, dependents first, each within its stop_timeout (data kept,
    /// memory freed), while the daemon, the router and their ports live on; the router answers
    /// with a 503 that says how to wake it.
    func sleep(cause: EnvironmentSupervisor.Cause) async {
        guard !asleep else { return }
        asleep = true
        let mine = newIntent()
        await units.router?.setNotice("\(name) is asleep: run devenv wake \(name)")
        // A wake meanwhile wins: the wave being stopped finishes, the rest stay up.
        guard await units.sleepUnits(while: { await self.intent == mine }) else { return }
        await settled("sleep", "\(name) asleep (cause: \(cause.rawValue))")
    }

    /// Starts every unit again in dependency order; a paused environment is resumed instead.
    func wake(cause: EnvironmentSupervisor.Cause) async {
        guard asleep else { return await resume(cause: cause) }
        asleep = false
        newIntent()
        await awake()
        units.journal.record("wake", service: nil, "\(name) waking (cause: \(cause.rawValue))")
        await units.wakeUnits()
    }

    /// `idle_sleep` passed with no request: sleep the way `style` says, if running.
    func idle(_ style: AsleepStyle) async {
        guard !asleep, await !units.isPaused, await units.observedState == .running else { return }
        switch style {
        case .pause: await pause(cause: .idle)
        case .sleep: await sleep(cause: .idle)
        }
    }

    /// A new pause, resume, sleep or wake: one still in progress stops at its next step.
    @discardableResult
    private func newIntent() -> Int {
        intent += 1
        return intent
    }

    /// The router serves again; idle time starts again.
    private func awake() async {
        let router = await units.router
        router?.setNotice(nil)
        router?.noteActivity()
    }

    private func settled(_ kind: String, _ message: String) async {
        units.journal.record(kind, service: nil, message)
        await units.notifyChange()
    }
}
