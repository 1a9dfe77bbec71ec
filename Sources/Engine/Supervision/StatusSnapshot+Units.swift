import Manifest
import State
import Supervisor
import Vocabulary

extension StatusSnapshot {
    /// The status of the units of `graph`, in the contract's shape: each unit's kind writes its
    /// own part; `pids` maps each replica's shim to its own process.
    init(units graph: UnitGraph, asleep: Bool, plan: LaunchPlan, stateErrors: Int, pids: [Int32: Int32]) {
        self.init(environment: plan.environment.name, state: graph.observedState(asleep: asleep).rawValue)
        for name in graph.order {
            guard let unit = graph[name] else { continue }
            let replicas = unit.replicas.map { slot in
                let status = slot.view.status
                return StatusSnapshot.ReplicaEntry(
                    index: slot.key.index, pid: status.pid.flatMap { pids[$0] }, port: slot.view.port, state: status.state.rawValue,
                    health: status.health.rawValue, restarts: status.restarts,
                    lastExit: status.lastExit?.description ?? status.launchFailure)
            }
            unit.kind.report(UnitReport(name: name, kind: unit.service.kind.rawValue, replicas: replicas, ready: unit.ready,
                                        blocked: unit.blocked, launchFailure: unit.replicas.first?.view.status.launchFailure),
                             into: &self)
        }
        let facts = plan.facts
        let routes = plan.environment.router?.routes.map { route in
            StatusSnapshot.RouteStatus(path: route.path, service: route.service, healthy: graph.servingBackends(route.service).count)
        }
        self.stateErrors = stateErrors
        router = facts.routerPort.map { StatusSnapshot.RouterStatus(url: "http://\(facts.routerHost):\($0)", routes: routes) }
    }
}
