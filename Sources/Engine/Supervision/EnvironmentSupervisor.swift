import Foundation
import Logging
import Manifest
import Router
import State
import Supervisor

/// Runs one environment: its units (`UnitEngine`, a `ReplicaSet` each), the router in front
/// (`RouterSlot`), its Postgres (`PostgresInstance`), whether it is awake, paused or asleep
/// (`Dormancy`) and what changes that by itself (`Clockwork`), and the counts `devenv scale` set
/// (`ScaleBook`).
///
/// This actor composes them and is what the daemon's control API calls: it turns a manifest into
/// blueprints of units (`converge`), and carries out the environment's verbs — pause, resume,
/// sleep, wake, restart, scale, seed — each through a verb in `Verbs/` or the engine.
public actor EnvironmentSupervisor {
    let project: Project
    let name: String
    let state: StateStore
    /// The engine's writes to `state`, batched off the actor.
    nonisolated let journal: StateJournal
    let clock: any Clock<Duration>
    /// The wall clock the schedule is kept by (injected, as `clock` is).
    let wallClock: @Sendable () -> Date
    let logger: Logger
    /// How replicas' health probes are made: the real ones, or a test's.
    let probes: ProbeFactory
    /// Everything the environment runs, and their replicas.
    let units: UnitEngine
    /// Whether it is meant to be awake, paused or asleep, and getting it there.
    nonisolated let dormancy: Dormancy
    let scales: ScaleBook

    /// The manifest as `up` gave it, and `environment`, what runs: it with the scaled counts.
    var manifest: Environment
    var environment: Environment
    /// The environment's own Postgres, when the manifest has a `postgres:` block: what the
    /// database verbs (`seed`, `url`) act on.
    var database: PostgresInstance?
    var routerSlot: RouterSlot?
    var clockwork = Clockwork()

    public init(project: Project, environment: Environment, baseEnvironment: [String: String], state: StateStore,
                runtime: any Runtime, clock: any Clock<Duration> = ContinuousClock(), logger: Logger) {
        self.init(project: project, environment: environment, baseEnvironment: baseEnvironment, state: state,
                  runtime: runtime, clock: clock, logger: logger, probes: .real, wallClock: { Date() })
    }

    init(project: Project, environment: Environment, baseEnvironment: [String: String], state: StateStore,
         runtime: any Runtime, clock: any Clock<Duration>, logger: Logger, probes: ProbeFactory,
         wallClock: @escaping @Sendable () -> Date) {
        self.probes = probes
        self.wallClock = wallClock
        self.project = project
        self.name = environment.name
        self.environment = environment
        self.manifest = environment
        self.state = state
        let journal = StateJournal(state: state, environment: environment.name, logger: logger)
        self.journal = journal
        self.clock = clock
        self.logger = logger
        self.scales = ScaleBook(state: state, journal: journal, environment: environment.name)
        let units = UnitEngine(
            launchPlan: LaunchPlan(project: project, environment: environment, facts: RuntimeFacts(), baseEnvironment: baseEnvironment),
            state: state, journal: journal, runtime: runtime, clock: clock, logger: logger)
        self.units = units
        self.dormancy = Dormancy(units: units)
    }

    var router: Router? { routerSlot?.router }

    /// The live status, in the contract's shape.
    public func snapshot() async -> StatusSnapshot {
        await units.snapshot()
    }

    /// The status once something changed after `seen` (at once if it already has), or after
    /// `timeout`: lets `up` follow progress without polling.
    public func status(after seen: Int, timeout: Duration) async -> (version: Int, snapshot: StatusSnapshot) {
        await units.changes.wait(after: seen, timeout: timeout)
        return (units.changes.version, await units.snapshot())
    }

    func record(_ kind: String, service: String? = nil, _ message: String) {
        journal.record(kind, service: service, message)
    }

    /// Returns once every change recorded so far is in the state db.
    public nonisolated func flushed() async {
        await journal.flushed()
    }
}
