import Manifest
import State
import Supervisor

extension EnvironmentSupervisor {
    /// The live status, in the contract's shape.
    public func snapshot() -> StatusSnapshot {
        let entries = environment.services.compactMap { service -> StatusSnapshot.ServiceEntry? in
            guard let unit = services[service.name] else { return nil }
            return StatusSnapshot.ServiceEntry(
                name: service.name, kind: service.kind.rawValue,
                replicas: unit.replicas.map { replica in
                    let status = replica.lifecycle.status
                    return StatusSnapshot.ReplicaEntry(
                        index: replica.key.index, pid: status.pid, port: replica.port, state: status.state.rawValue,
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
                                   pid: replica.lifecycle.pid, restarts: replica.lifecycle.restarts, error: unit.blocked ?? replica.lifecycle.launchFailure)
        }
        return StatusSnapshot(environment: name, state: observedState().rawValue, router: router, postgres: postgresStatus,
                              services: entries)
    }

    /// running | paused | stopped | degraded | starting, from the replicas' states.
    func observedState() -> EnvironmentState {
        let replicas = services.values.flatMap(\.replicas)
        if services.values.contains(where: { $0.blocked != nil }) { return .degraded }
        if replicas.isEmpty { return services.isEmpty ? .stopped : .running }
        let states = replicas.map(\.lifecycle.state)
        if states.allSatisfy({ $0 == .stopped }) { return .stopped }
        if states.contains(.crashed) { return .degraded }
        if replicas.contains(where: { $0.lifecycle.state == .running && $0.health?.health == .unhealthy }) { return .degraded }
        if states.allSatisfy({ $0 == .paused || $0 == .stopped || $0 == .exited }), states.contains(.paused) { return .paused }
        let waiting = services.values.contains { !$0.started } || states.contains(.starting)
            || replicas.contains { $0.lifecycle.state == .running && $0.health != nil && $0.health?.health != .healthy }
        return waiting ? .starting : .running
    }
}
