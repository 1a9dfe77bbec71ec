import Manifest
import State
import Supervisor
import Vocabulary

extension UnitEngine {
    /// The status once something changed after `seen` (at once if it already has), or after `timeout`.
    func status(after seen: Int, timeout: Duration) async -> (version: Int, snapshot: StatusSnapshot) {
        await waitForChange(after: seen, timeout: timeout)
        return (version, snapshot())
    }

    /// The live status, in the contract's shape: each unit's kind writes its own part.
    func snapshot() -> StatusSnapshot {
        let shims = graph.units.values.flatMap { $0.replicas.compactMap(\.view.status.pid) }
        let own = ContainerSetup.ownProcesses(underShims: shims, runtime: runtime)
        var snapshot = StatusSnapshot(environment: name, state: graph.observedState(asleep: asleep).rawValue)
        for name in graph.order {
            guard let unit = graph[name] else { continue }
            let replicas = unit.replicas.map { slot in
                let status = slot.view.status
                return StatusSnapshot.ReplicaEntry(
                    index: slot.key.index, pid: status.pid.flatMap { own[$0] }, port: slot.view.port, state: status.state.rawValue,
                    health: status.health.rawValue, restarts: status.restarts,
                    lastExit: status.lastExit?.description ?? status.launchFailure)
            }
            unit.kind.report(UnitReport(name: name, kind: unit.service.kind.rawValue, replicas: replicas, ready: unit.ready,
                                        blocked: unit.blocked, launchFailure: unit.replicas.first?.view.status.launchFailure),
                             into: &snapshot)
        }
        let facts = launchPlan.facts
        let routes = launchPlan.environment.router?.routes.map { route in
            StatusSnapshot.RouteStatus(path: route.path, service: route.service, healthy: graph.servingBackends(route.service).count)
        }
        snapshot.stateErrors = journal.failures
        snapshot.router = facts.routerPort.map { StatusSnapshot.RouterStatus(url: "http://\(facts.routerHost):\($0)", routes: routes) }
        return snapshot
    }
}
