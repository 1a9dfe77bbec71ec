import Foundation
import Logging
import Manifest
import Postgres
import State
import Supervisor
import Vocabulary

/// One unit's replicas: a service's replica set, or the environment's Postgres.
///
/// It owns which replicas the unit has (adds them, takes them out of rotation, forgets them),
/// launches each from the environment as it runs, keeps its runners' reports, and readies the
/// unit for its dependents once it is first healthy (Postgres: roles, databases, seeds). After
/// every change it publishes a `UnitView` to the engine, which walks the graph of units with it.
actor ReplicaSet {
    struct Context: Sendable {
        var environment: String
        var clock: any Clock<Duration>
        var state: StateStore
        var journal: StateJournal
        var logger: Logger
        /// The engine's count of changes, which the set's own waits follow.
        var changes: ChangeFeed
    }

    /// The unit's name (a converge never renames a unit: it makes a new set).
    nonisolated let name: String
    let context: Context
    weak var engine: UnitEngine?
    var blueprint: UnitBlueprint
    var replicas: [ReplicaSlot] = []
    /// Ready for its dependents: healthy and its kind's readying done (at once for a kind with none).
    var ready: Bool
    /// Counts what it published: the engine keeps only the newest.
    var sequence = 0

    init(blueprint: UnitBlueprint, engine: UnitEngine?, context: Context) {
        self.name = blueprint.name
        self.blueprint = blueprint
        self.engine = engine
        self.context = context
        self.ready = blueprint.kind.readying(state: context.state, logger: context.logger) == nil
    }

    var view: UnitView { UnitView(set: self, name: name, sequence: sequence, replicas: replicas, ready: ready) }

    /// Tells the engine how the unit is now (and, once it is readied, what its readying added).
    private func publish(adding databases: [String: DatabaseCredentials] = [:]) async {
        sequence += 1
        await engine?.absorb(view, adding: databases)
        context.changes.notify()
    }

    /// Runs `blueprint` from now on (a converge changed what does not replace its replicas, or a
    /// rollout takes what they ran from).
    func adopt(_ blueprint: UnitBlueprint) {
        self.blueprint = blueprint
    }

    // MARK: Unit verbs

    /// Starts every replica, each on its own.
    func start() {
        for slot in replicas { Task { await slot.runner.start() } }
    }

    /// Asks every replica to stop (each within its stop_timeout); `quiesce` once they have.
    func stop() async {
        for slot in replicas { await slot.runner.stop() }
    }

    func quiesce() async {
        for slot in replicas { await slot.runner.quiesce() }
    }

    /// Freezes every replica, the unit's kind readied for it first (Postgres: a CHECKPOINT).
    func pause() async {
        if let prepare = blueprint.kind.beforePause(state: context.state, logger: context.logger) {
            await Task.detached { prepare() }.value
        }
        for slot in replicas { await slot.runner.pause() }
    }

    func resume() async {
        for slot in replicas { await slot.runner.resume() }
    }

    /// Stops replicas, then removes them, and their rows.
    func stopAndForget(_ keys: [ReplicaKey]) async {
        let leaving = replicas.filter { keys.contains($0.key) }
        for slot in leaving { await slot.runner.stop() }
        await context.changes.wait(until: { keys.allSatisfy { key in replicas.first { $0.key == key }?.view.isSettled ?? true } })
        for slot in leaving { await slot.runner.quiesce() }
        await forget(keys)
    }

    // MARK: Replicas

    /// New replicas at the given indexes and ports, not yet started, run through the runtime the
    /// environment uses now.
    /// - Returns: them, and the unit as it is with them.
    func add(_ placements: [(index: Int, port: Int?)]) async -> (added: [ReplicaSlot], view: UnitView) {
        guard let runtime = await engine?.runtime else { return ([], view) }  // shutting down
        let added = placements.map { makeReplica(index: $0.index, port: $0.port, runtime: runtime) }
        replicas = (replicas + added).sorted { $0.key.index < $1.key.index }
        await publish()
        return (added, view)
    }

    /// A runner for replica `index`, reporting to this set.
    private func makeReplica(index: Int, port: Int?, runtime: any Runtime) -> ReplicaSlot {
        let service = blueprint.service
        let key = ReplicaKey(service: service.name, index: index)
        let runnerContext = ReplicaRunner.Context(
            environment: context.environment, runtime: runtime, clock: context.clock, journal: context.journal,
            logger: context.logger,
            launch: { [weak self] key, port in
                guard let self else { throw ConvergeError("\(key): the environment is shutting down") }
                return try await self.launch(key, port: port)
            },
            report: { [weak self] report in await self?.receive(report) })
        let runner = ReplicaRunner(key: key, port: port, service: service, context: runnerContext)
        let view = ReplicaRunner.initialReport(key: key, port: port, hasHealthCheck: service.health != nil)
        context.journal.save(view.record(environment: context.environment))
        return ReplicaSlot(runner: runner, view: view)
    }

    /// Takes replicas out of rotation: the router sends them nothing new.
    func withdraw(_ keys: [ReplicaKey]) async {
        for position in replicas.indices where keys.contains(replicas[position].key) { replicas[position].leaving = true }
        await publish()
    }

    /// Removes stopped replicas, and their rows.
    private func forget(_ keys: [ReplicaKey]) async {
        replicas.removeAll { keys.contains($0.key) }
        context.journal.flushNow()  // no queued write may bring a deleted row back
        context.journal.write("delete the records of \(name)'s removed replicas") { [name, environment = context.environment] in
            try $0.deleteReplicas(environment: environment, service: name, indexes: keys.map(\.index))
        }
        await publish()
    }

    /// What replica `key` runs on `port` now, and its probe, from the unit's kind and the
    /// environment as it is. A unit with readying is not ready again until it is readied again.
    func launch(_ key: ReplicaKey, port: Int?) async throws -> ReplicaRunner.Launch {
        guard let plan = await engine?.launchPlan else { throw ConvergeError("\(key): the environment is shutting down") }
        guard replicas.contains(where: { $0.key == key }) else { throw ConvergeError("\(key) is no longer in \(context.environment)") }
        let kind = blueprint.kind
        let spec = try kind.launchSpec(for: key, port: port, plan: plan)
        if ready, kind.readying(state: context.state, logger: context.logger) != nil {
            ready = false
            await publish()
        }
        return ReplicaRunner.Launch(spec: spec, probe: kind.probe(for: key, port: port, plan: plan))
    }

    /// A runner's report: kept as the replica's view (unless a newer one is), published; the
    /// unit's readying starts when it is first healthy.
    func receive(_ report: ReplicaReport) async {
        let wasHealthy = replicas.first { $0.key == report.key }?.view.status.health == .healthy
        guard replicas.keep(report) else { return }
        if report.status.health == .healthy, !wasHealthy, !ready { startReadying(report.key, generation: report.generation) }
        await publish()
    }

    // MARK: Readying

    /// How long after a unit is ready its `afterward` work starts: after its dependents' start.
    static let afterwardDelay: Duration = .seconds(2)

    /// Runs the unit's readying off the actor; its dependents start only after it.
    private func startReadying(_ key: ReplicaKey, generation: Int) {
        guard let work = blueprint.kind.readying(state: context.state, logger: context.logger) else { return }
        context.journal.record("provisioning", service: name, "\(name) answers; readying it for its dependents")
        Task {
            let result = await Task.detached { Result { try work() } }.value
            await self.finishReadying(key, result, generation: generation)
        }
    }

    private func finishReadying(_ key: ReplicaKey, _ result: Result<UnitFacts, any Error>, generation: Int) async {
        guard replicas.first(where: { $0.key == key })?.view.generation == generation else { return }
        switch result {
        case .success(let added):
            ready = true
            context.journal.record("ready", service: name, "\(name) is ready: \(added.databases.keys.sorted().joined(separator: ", "))")
            // Off the start-up path: the dependents start now, and what follows (copying a
            // database for the next reset) competes with them for the disk and both cores.
            if let afterward = added.afterward {
                Task {
                    try? await Task.sleep(for: Self.afterwardDelay)
                    afterward()
                }
            }
            await publish(adding: added.databases)
        case .failure(let error):
            context.journal.record("blocked", service: name, "\(error)")
            await engine?.block(name, because: "\(error)")
        }
    }
}

/// A unit as its replica set last published it.
struct UnitView: Sendable {
    let set: ReplicaSet
    var name: String
    var sequence: Int
    var replicas: [ReplicaSlot]
    var ready: Bool
}

extension [ReplicaSlot] {
    /// Keeps `report` as its replica's view, unless a newer one is already kept.
    /// - Returns: whether it was kept.
    mutating func keep(_ report: ReplicaReport) -> Bool {
        guard let position = firstIndex(where: { $0.key.index == report.key.index }),
              self[position].view.sequence < report.sequence else { return false }
        self[position].view = report
        return true
    }
}
