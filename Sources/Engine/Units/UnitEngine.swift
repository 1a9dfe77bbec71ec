import Foundation
import Logging
import Manifest
import Router
import State
import Supervisor
import Vocabulary

/// The units of one environment: a graph in dependency order (`UnitGraph`) of replica sets, one
/// per unit (`ReplicaSet`, which owns the unit's replicas and publishes how they are).
///
/// It walks the graph: starts each unit once its dependencies are ready, stops units in waves,
/// dependents first, and takes the manifest's units in at once (`install`). It keeps what each
/// set last published, and from it feeds the router its backends, the state db the environment's
/// state, and every caller waiting for a change (`ChangeFeed`). What replicas are launched from
/// (`LaunchPlan`) is its too. It never asks a unit's name or kind; verbs that change units while
/// they run are in `Verbs/`.
actor UnitEngine {
    let name: String
    let state: StateStore
    nonisolated let journal: StateJournal
    /// What runs replicas (the environment chooses it, `ContainerSetup`); a set reads it each
    /// time it adds replicas.
    var runtime: any Runtime
    let clock: any Clock<Duration>
    let logger: Logger
    var graph = UnitGraph()
    /// What replicas are launched from: the environment as it runs, and its facts.
    var launchPlan: LaunchPlan
    /// The router in front, fed the replicas that serve.
    var router: Router?
    /// Put to sleep: the units are stopped on purpose (the environment decides; this is its copy).
    var asleep = false
    /// Counts changes to the units, and wakes whoever waits for one.
    nonisolated let changes = ChangeFeed()
    /// The environment state last written to the state db, to write it only when it changes.
    var recordedState: EnvironmentState?

    init(launchPlan: LaunchPlan, state: StateStore, journal: StateJournal, runtime: any Runtime, clock: any Clock<Duration>,
         logger: Logger) {
        self.name = launchPlan.environment.name
        self.launchPlan = launchPlan
        self.state = state
        self.journal = journal
        self.runtime = runtime
        self.clock = clock
        self.logger = logger
    }

    var facts: RuntimeFacts { launchPlan.facts }

    /// Runs the replicas added from now on, to every unit, through `runtime`.
    func use(runtime: any Runtime) {
        self.runtime = runtime
    }

    /// Puts `router` in front (nil: none), and tells it the backends of `services`.
    func use(router: Router?, routing services: Set<String>) {
        self.router = router
        for service in services { updateBackends(of: service) }
    }

    /// The units to stop first come first; each wave's dependencies are in a later one.
    var stopWaves: [[String]] { graph.plan.stopWaves }

    /// The units, in manifest order.
    var unitNames: [String] { graph.order }

    func unit(_ name: String) -> ServiceUnit? { graph[name] }

    func view(_ key: ReplicaKey) -> ReplicaReport? { graph.slot(key)?.view }

    var isPaused: Bool { graph.isPaused }

    var observedState: EnvironmentState { graph.observedState(asleep: asleep) }

    // MARK: Waiting for changes

    func notifyChange() { changes.notify() }

    // MARK: Recording

    /// Writes the environment's state when it changed; the router learns it is running again.
    func recordEnvironmentState() {
        let observed = graph.observedState(asleep: asleep)
        guard observed != recordedState else { return }
        journal.observe(observed)
        recordedState = observed
        if observed == .running { router?.wakeSettled() }
    }

    /// Tells the router which replicas of `service` may take requests.
    func updateBackends(of service: String) {
        guard let router, graph[service] != nil else { return }
        router.setBackends(service: service, graph.servingBackends(service))
    }
}
