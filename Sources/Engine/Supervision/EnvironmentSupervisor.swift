import Foundation
import Logging
import Manifest
import Router
import State
import Supervisor
import Vocabulary

/// Runs one environment: a graph of units in dependency order (`UnitGraph`), each replica run by
/// its own `ReplicaRunner`, the router in front (`RouterSlot`), and the clockwork that pauses,
/// sleeps and wakes it (`ScheduleKeeper`, `IdleWatch`).
///
/// This actor composes them: it walks the graph for `up`, `down` and converge, asks the runners
/// the unit verbs (start, stop, pause, resume), keeps their reports, and from those feeds the
/// router its backends and the state db the environment's state.
public actor EnvironmentSupervisor {
    let project: Project
    let name: String
    let state: StateStore
    /// The engine's writes to `state`, batched off the actor.
    nonisolated let journal: StateJournal
    /// What runs replicas: the process runtime, wrapped in a container runtime once the
    /// manifest runs anything from an image (it hands every other spec to the one it wraps).
    var runtime: any Runtime
    let clock: any Clock<Duration>
    /// The wall clock the schedule is kept by (injected, as `clock` is).
    let wallClock: @Sendable () -> Date
    let logger: Logger
    /// How replicas' health probes are made: the real ones, or a test's.
    let probes: ProbeFactory

    /// The manifest as `up` gave it, and `environment`, what runs: it with the scaled counts.
    var manifest: Environment
    var environment: Environment
    var baseEnvironment: [String: String]
    var facts = RuntimeFacts()
    var graph = UnitGraph()
    /// The environment's own Postgres, when the manifest has a `postgres:` block: what the
    /// database verbs (`seed`, `url`) act on.
    var database: PostgresInstance?
    var routerSlot: RouterSlot?
    /// Put to sleep: its units are stopped on purpose, the daemon and router live on.
    var asleep = false
    /// Counts pauses, resumes, sleeps and wakes, so one in progress sees that a later one came.
    var intent = 0
    var idleWatch: Task<Void, Never>?
    var scheduleKeeper: Task<Void, Never>?
    /// Callers of `waitUntil` waiting for the next change, and a count of changes.
    var waiters: [CheckedContinuation<Void, Never>] = []
    var version = 0
    /// The environment state last written to the state db, to write it only when it changes.
    var recordedState: EnvironmentState?

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
        self.baseEnvironment = baseEnvironment
        self.state = state
        self.journal = StateJournal(state: state, environment: environment.name, logger: logger)
        self.runtime = runtime
        self.clock = clock
        self.logger = logger
    }

    var router: Router? { routerSlot?.router }

    // MARK: Waiting for changes

    /// Wakes every `waitUntil` caller to re-check its condition.
    func notifyChange() {
        version += 1
        let waiting = waiters
        waiters = []
        for waiter in waiting { waiter.resume() }
    }

    /// The status once something changed after `seen` (at once if it already has), or after
    /// `timeout`: lets `up` follow progress without polling.
    public func status(after seen: Int, timeout: Duration) async -> (version: Int, snapshot: StatusSnapshot) {
        await waitForChange(after: seen, timeout: timeout)
        return (version, snapshot())
    }

    /// Returns once something changed after `seen` (at once if it already has), or after `timeout`.
    func waitForChange(after seen: Int, timeout: Duration) async {
        guard version <= seen else { return }
        let deadline = Task {
            try? await Task.sleep(for: timeout)
            self.notifyChange()
        }
        await waitUntil { self.version > seen }
        deadline.cancel()
    }

    /// Suspends until `condition` holds, re-checking it after every change.
    func waitUntil(_ condition: () -> Bool) async {
        while !condition() {
            await withCheckedContinuation { waiters.append($0) }
        }
    }

    // MARK: Recording

    func record(_ kind: String, service: String? = nil, _ message: String) {
        journal.record(kind, service: service, message)
    }

    /// Returns once every change recorded so far is in the state db.
    public nonisolated func flushed() async {
        await journal.flushed()
    }

    /// Writes the environment's state when it changed; the router learns it is running again.
    func recordEnvironmentState() {
        let observed = graph.observedState(asleep: asleep)
        guard observed != recordedState else { return }
        journal.observe(observed)
        recordedState = observed
        if observed == .running { router?.wakeSettled() }
    }
}
