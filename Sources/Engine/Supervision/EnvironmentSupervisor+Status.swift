import Manifest
import State
import Supervisor
import Vocabulary

extension EnvironmentSupervisor {
    /// The live status, in the contract's shape.
    public func snapshot() -> StatusSnapshot {
        let shims = services.values.flatMap { $0.replicas.compactMap { $0.lifecycle.status.pid } }
        let own = ServiceProcess.pids(underShims: shims)
        var snapshot = StatusSnapshot(environment: name, state: observedState().rawValue)
        for name in unitOrder {
            guard let unit = services[name] else { continue }
            let replicas = unit.replicas.map { replica in
                let status = replica.lifecycle.status
                return StatusSnapshot.ReplicaEntry(
                    index: replica.key.index, pid: status.pid.flatMap { own[$0] }, port: replica.port, state: status.state.rawValue,
                    health: status.health.rawValue, restarts: status.restarts,
                    lastExit: status.lastExit?.description ?? status.launchFailure)
            }
            unit.kind.report(UnitReport(name: name, kind: unit.service.kind.rawValue, replicas: replicas, ready: unit.ready,
                                        blocked: unit.blocked, launchFailure: unit.replicas.first?.lifecycle.launchFailure),
                             into: &snapshot)
        }
        let routes = environment.router?.routes.map { route in
            StatusSnapshot.RouteStatus(path: route.path, service: route.service,
                                       healthy: services[route.service].map { readyBackends($0).count } ?? 0)
        }
        snapshot.stateErrors = journal.failures
        snapshot.router = facts.routerPort.map { StatusSnapshot.RouterStatus(url: "http://\(facts.routerHost):\($0)", routes: routes) }
        return snapshot
    }

    /// running | paused | stopped | degraded | starting, from the replicas' states.
    /// In one pass over the replicas, without copying them out: it runs after every change.
    func observedState() -> EnvironmentState {
        var any = false, allStopped = true, crashed = false, unhealthy = false
        var allIdle = true, paused = false, waiting = false, blocked = false
        for unit in services.values {
            if unit.blocked != nil { blocked = true }
            if !unit.started { waiting = true }
            for replica in unit.replicas {
                any = true
                let state = replica.lifecycle.state
                let health = replica.tracker == nil ? nil : replica.lifecycle.health
                if state != .stopped { allStopped = false }
                if state == .crashed { crashed = true }
                if state == .paused { paused = true }
                if state != .paused && state != .stopped && state != .exited { allIdle = false }
                if state == .starting { waiting = true }
                if state == .running, let health {
                    if health == .unhealthy { unhealthy = true }
                    if health != .healthy { waiting = true }
                }
            }
        }
        if asleep && (allStopped || !any) { return .sleeping }
        if blocked { return .degraded }
        if !any { return services.isEmpty ? .stopped : .running }
        if allStopped { return .stopped }
        if crashed || unhealthy { return .degraded }
        if allIdle && paused { return .paused }
        return waiting ? .starting : .running
    }
}
