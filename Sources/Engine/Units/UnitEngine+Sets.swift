import Foundation
import Manifest
import Postgres
import Supervisor
import Vocabulary

extension UnitEngine {
    /// A replica set for `blueprint`, with a replica at each of `ports`, not yet in the graph.
    func makeSet(_ blueprint: UnitBlueprint, ports: [Int?]) async -> UnitView {
        let set = ReplicaSet(blueprint: blueprint, engine: self, context: ReplicaSet.Context(
            environment: name, clock: clock, state: state, journal: journal, logger: logger, changes: changes))
        return await set.add(ports.enumerated().map { (index: $0.offset, port: $0.element) }).view
    }

    /// A replica set's news: kept as the unit's view (unless a newer one is); the router, the
    /// state db, waiters and units waiting to start all follow from it. What a unit's readying
    /// added to what `${…}` references read (`databases`) is taken first: its dependents,
    /// started from here, read it.
    func absorb(_ view: UnitView, adding databases: [String: DatabaseCredentials] = [:]) {
        guard var unit = graph[view.name], unit.set === view.set, unit.sequence < view.sequence else { return }
        for (database, credential) in databases { launchPlan.facts.databases[database] = credential }
        unit.replicas = view.replicas
        unit.ready = view.ready
        unit.sequence = view.sequence
        graph[view.name] = unit
        changed(view.name)
    }

    /// A unit cannot get ready (its readying failed): the environment is degraded.
    func block(_ name: String, because reason: String) {
        graph[name]?.blocked = reason
        changed(name)
    }

    /// After any change to `service`: the router, the state db and waiters learn of it, and
    /// units that were waiting for it may start.
    func changed(_ service: String) {
        updateBackends(of: service)
        recordEnvironmentState()
        notifyChange()
        startReadyServices()
    }
}
