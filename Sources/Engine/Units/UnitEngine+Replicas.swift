import Foundation
import Manifest
import Supervisor
import Vocabulary

extension UnitEngine {
    /// A runner for replica `index` of `service`, reporting to this engine.
    func makeReplica(_ service: Manifest.Service, index: Int, port: Int?) -> ReplicaSlot {
        let key = ReplicaKey(service: service.name, index: index)
        let context = ReplicaRunner.Context(
            environment: name, runtime: runtime, clock: clock, journal: journal, logger: logger,
            launch: { [weak self] key, port in
                guard let self else { throw ConvergeError("\(key): the environment is shutting down") }
                return try await self.launch(key, port: port)
            },
            report: { [weak self] report in await self?.receive(report) })
        let runner = ReplicaRunner(key: key, port: port, service: service, context: context)
        let view = ReplicaRunner.initialReport(key: key, port: port, hasHealthCheck: service.health != nil)
        journal.save(view.record(environment: name))
        return ReplicaSlot(runner: runner, view: view)
    }

    /// What replica `key` runs on `port` now, and its probe, from its unit's kind and the
    /// environment as it is. A unit with readying is not ready again until it is readied again.
    func launch(_ key: ReplicaKey, port: Int?) throws -> ReplicaRunner.Launch {
        guard let unit = graph[key.service] else { throw ConvergeError("\(key) is no longer in \(name)") }
        let spec = try unit.kind.launchSpec(for: key, port: port, plan: launchPlan)
        if unit.kind.readying(state: state, logger: logger) != nil { graph[key.service]?.ready = false }
        return ReplicaRunner.Launch(spec: spec, probe: unit.kind.probe(for: key, port: port, plan: launchPlan))
    }

    /// A runner's report: kept as the replica's view; the router, the state db, waiters, units
    /// waiting to start and a unit's readying all follow from it.
    func receive(_ report: ReplicaReport) {
        let wasHealthy = graph.slot(report.key)?.view.status.health == .healthy
        guard graph.receive(report) else { return }
        if report.status.health == .healthy, !wasHealthy, graph[report.key.service]?.ready == false {
            ready(report.key, generation: report.generation)
        }
        changed(report.key.service)
    }

    /// After any change to `service`: the router, the state db and waiters learn of it, and
    /// units that were waiting for it may start.
    func changed(_ service: String) {
        updateBackends(of: service)
        recordEnvironmentState()
        notifyChange()
        startReadyServices()
    }

    // MARK: Readying

    /// How long after a unit is ready its `afterward` work starts: after its dependents' start.
    static let afterwardDelay: Duration = .seconds(2)

    /// Runs a unit's readying once its replica `key` is first healthy (Postgres: roles, databases,
    /// seeds), off the actor; its dependents start only after it. A unit whose kind has none is
    /// ready from the start.
    func ready(_ key: ReplicaKey, generation: Int) {
        guard let unit = graph[key.service], !unit.ready, let work = unit.kind.readying(state: state, logger: logger) else { return }
        record("provisioning", service: key.service, "\(key.service) answers; readying it for its dependents")
        Task {
            let result = await Task.detached { Result { try work() } }.value
            self.finishReadying(key, result, generation: generation)
        }
    }

    private func finishReadying(_ key: ReplicaKey, _ result: Result<UnitFacts, any Error>, generation: Int) {
        guard graph.slot(key)?.view.generation == generation else { return }
        switch result {
        case .success(let added):
            for (database, credential) in added.databases {
                launchPlan.facts.databases[database] = credential
            }
            graph[key.service]?.ready = true
            record("ready", service: key.service, "\(key.service) is ready: \(added.databases.keys.sorted().joined(separator: ", "))")
            // Off the start-up path: the dependents start now, and what follows (copying a
            // database for the next reset) competes with them for the disk and both cores.
            if let afterward = added.afterward {
                Task {
                    try? await Task.sleep(for: Self.afterwardDelay)
                    afterward()
                }
            }
        case .failure(let error):
            graph[key.service]?.blocked = "\(error)"
            record("blocked", service: key.service, "\(error)")
        }
        changed(key.service)
    }
}
