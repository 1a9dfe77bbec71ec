import Manifest
import State
import Supervisor

extension EnvironmentSupervisor {
    /// The live status, in the contract's shape.
    public func snapshot() -> StatusSnapshot {
        let shims = services.values.flatMap { $0.replicas.compactMap { $0.lifecycle.status.pid } }
        let own = ServiceProcess.pids(underShims: shims)
        let entries = environment.services.compactMap { service -> StatusSnapshot.ServiceEntry? in
            guard let unit = services[service.name] else { return nil }
            return StatusSnapshot.ServiceEntry(
                name: service.name, kind: service.kind.rawValue,
                replicas: unit.replicas.map { replica in
                    let status = replica.lifecycle.status
                    return StatusSnapshot.ReplicaEntry(
                        index: replica.key.index, pid: status.pid.flatMap { own[$0] }, port: replica.port, state: status.state.rawValue,
                        health: (replica.health?.health ?? status.health).rawValue, restarts: status.restarts,
                        lastExit: status.lastExit?.description ?? status.launchFailure)
                },
                error: unit.blocked)
        }
        let routes = environment.router?.routes.map { route in
            StatusSnapshot.RouteStatus(path: route.path, service: route.service,
                                       healthy: services[route.service].map { readyBackends($0).count } ?? 0)
        }
        let router = facts.routerPort.map { StatusSnapshot.RouterStatus(url: "http://\(facts.routerHost):\($0)", routes: routes) }
        var postgresStatus: StatusSnapshot.PostgresStatus?
        if environment.postgres != nil, let unit = services[Self.postgresName], let replica = unit.replicas.first {
            // Healthy only once its roles, databases and seeds are in place, not merely when it answers.
            let answering = replica.health?.health ?? .unknown
            let health: Health = answering == .healthy && !postgresProvisioned ? .unknown : answering
            postgresStatus = .init(state: replica.lifecycle.state.rawValue, port: replica.port,
                                   health: health.rawValue,
                                   pid: replica.lifecycle.pid.flatMap { own[$0] }, restarts: replica.lifecycle.restarts, error: unit.blocked ?? replica.lifecycle.launchFailure)
        }
        return StatusSnapshot(environment: name, state: observedState().rawValue, router: router, postgres: postgresStatus,
                              services: entries)
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
                let health = replica.health?.health
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
        if blocked { return .degraded }
        if !any { return services.isEmpty ? .stopped : .running }
        if allStopped { return .stopped }
        if crashed || unhealthy { return .degraded }
        if allIdle && paused { return .paused }
        return waiting ? .starting : .running
    }
}
