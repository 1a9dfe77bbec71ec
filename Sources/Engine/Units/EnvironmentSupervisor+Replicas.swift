import Foundation
import Manifest
import Router
import Supervisor
import Vocabulary

extension EnvironmentSupervisor {
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
        let plan = LaunchPlan(project: project, environment: environment, facts: facts, baseEnvironment: baseEnvironment)
        let spec = try unit.kind.launchSpec(for: key, port: port, plan: plan)
        if unit.kind.readying(state: state, logger: logger) != nil { graph[key.service]?.ready = false }
        return ReplicaRunner.Launch(spec: spec, probe: unit.kind.probe(for: key, port: port, plan: plan))
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

    /// Tells the router which replicas of `service` may take requests.
    func updateBackends(of service: String) {
        guard let router, graph[service] != nil else { return }
        router.setBackends(service: service, graph.servingBackends(service))
    }
}
