import Foundation
import Logging
import Manifest
import Router
import State
import Supervisor
import Vocabulary

/// Runs one environment's services: starts them in dependency order, probes their health,
/// restarts them by policy, converges them to a changed manifest and stops them in reverse order.
///
/// The decisions are made by the pure state machines (`ReplicaLifecycle`, `HealthTracker`,
/// `DependencyPlan`); this actor carries their actions out and records every change in the state db.
public actor EnvironmentSupervisor {
    let project: Project
    let name: String
    let state: StateStore
    /// The supervisor's own writes to `state`, batched off the actor.
    nonisolated let journal: StateJournal
    let runtime: any Runtime
    let clock: any Clock<Duration>
    let logger: Logger
    /// How replicas' health probes are made: the real ones, or a test's.
    let probes: ProbeFactory

    var environment: Environment
    var baseEnvironment: [String: String]
    var facts = RuntimeFacts()
    /// Put to sleep: its units are stopped on purpose, the daemon and router live on.
    var asleep = false
    /// Puts the environment to sleep after `idle_sleep` without a routed request.
    var idleWatch: Task<Void, Never>?
    /// Carries out the manifest's schedule.
    var scheduleKeeper: Task<Void, Never>?
    /// The wall clock the schedule is kept by (injected, as `clock` is).
    let wallClock: @Sendable () -> Date
    /// Every unit the environment runs, by name, and their order in the manifest.
    var services: [String: ServiceUnit] = [:]
    var unitOrder: [String] = []
    var plan: DependencyPlan
    /// The environment's own Postgres, when the manifest has a `postgres:` block: what the
    /// database verbs (`seed`, `url`) act on. Its unit is `UnitCatalog.databaseName`.
    var database: PostgresInstance?
    /// The path router, when the manifest has a `router:` block, and what it was started from.
    var router: Router?
    var routerSpec: (spec: RouterSpec, port: Int)?
    /// Callers of `waitUntil` waiting for the next change.
    var waiters: [CheckedContinuation<Void, Never>] = []
    /// Counts changes, so a caller can wait for the next one.
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
        self.baseEnvironment = baseEnvironment
        self.state = state
        self.journal = StateJournal(state: state, environment: environment.name, logger: logger)
        self.runtime = runtime
        self.clock = clock
        self.logger = logger
        self.plan = try! DependencyPlan([:])  // an empty plan has no cycle
    }

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
        if version <= seen {
            let deadline = Task {
                try? await Task.sleep(for: timeout)
                self.notifyChange()
            }
            await waitUntil { self.version > seen }
            deadline.cancel()
        }
        return (version, snapshot())
    }

    /// Suspends until `condition` holds, re-checking it after every change.
    func waitUntil(_ condition: () -> Bool) async {
        while !condition() {
            await withCheckedContinuation { waiters.append($0) }
        }
    }

    // MARK: Recording

    func record(_ kind: String, service: String? = nil, _ message: String) {
        logger.info("\(kind) \(service ?? ""): \(message)")
        journal.append(service: service, kind: kind, message: message)
    }

    /// Returns once every change recorded so far is in the state db.
    public nonisolated func flushed() async {
        await journal.flushed()
    }

    func persist(_ key: ReplicaKey) {
        guard let unit = replica(key) else { return }
        let status = unit.lifecycle.status
        let record = ReplicaRecord(
            environment: name, service: key.service, index: key.index,
            pid: status.pid, startTime: unit.handle.map { Int64($0.startTime) }, port: unit.port,
            state: status.state, health: status.health,
            restarts: status.restarts, lastExit: status.lastExit?.description ?? status.launchFailure, updatedAt: Date())
        journal.save(record)
        let observed = observedState()
        if observed != recordedState {
            journal.observe(observed)
            recordedState = observed
            if observed == .running { router?.wakeSettled() }
        }
    }

    // MARK: Lookup

    func replica(_ key: ReplicaKey) -> ReplicaUnit? {
        services[key.service]?.replicas.first { $0.key.index == key.index }
    }

    func update(_ key: ReplicaKey, _ change: (inout ReplicaUnit) -> Void) {
        guard var unit = services[key.service],
              let position = unit.replicas.firstIndex(where: { $0.key.index == key.index }) else { return }
        change(&unit.replicas[position])
        services[key.service] = unit
    }
}
