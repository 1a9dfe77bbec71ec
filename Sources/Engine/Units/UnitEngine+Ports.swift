import Foundation
import Manifest
import Router
import State

extension UnitEngine {
    /// Every port the environment holds: its replicas', its router's and its Postgres's.
    var takenPorts: Set<Int> {
        graph.ports.union([facts.routerPort, facts.postgresPort].compactMap { $0 })
    }

    /// What `${services.<name>.port}` resolves to after its replicas moved.
    func refreshServicePorts(of name: String) {
        launchPlan.facts.servicePorts[name] = graph[name]?.replicas.compactMap(\.view.port)
    }

    /// Drops replica rows of services or replicas that no longer exist.
    func pruneReplicaRecords() {
        journal.pruneReplicas(keeping: Set(graph.units.values.flatMap { $0.replicas.map(\.key) }))
    }
}
