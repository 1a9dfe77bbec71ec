import Foundation
import Manifest
import Router
import State

extension UnitEngine {
    /// Scales `service` to its count: new replicas (on `ports`, or free ones) start if the unit
    /// has; the replicas over the count are retired (`Retirement`).
    func resize(_ service: Manifest.Service, ports: [Int?]) async {
        guard let unit = graph[service.name], unit.replicas.count != service.replicas else { return }
        if service.replicas < unit.replicas.count {
            await Retirement(units: self).retire(unit.replicas[service.replicas...].map(\.key), drainingFor: service.stopTimeout)
            record("scaled", service: service.name, "\(service.name) scaled down to \(service.replicas)")
        } else {
            var taken = graph.ports
            let placements = (unit.replicas.count..<service.replicas).map { index in
                let port = service.port == nil ? nil : ports[safe: index] ?? PortAllocator.freePort(avoiding: taken)
                if let port { taken.insert(port) }
                return (index: index, port: port)
            }
            let added = await unit.set.add(placements).added
            record("scaled", service: service.name, "\(service.name) scaled up to \(service.replicas)")
            if graph[service.name]?.started == true {
                for slot in added { await slot.runner.start() }
            }
        }
    }

    /// A new replica of `name` at its lowest free index, on a port nothing of the environment
    /// holds, not yet started.
    func addReplica(to name: String) async -> ReplicaSlot? {
        guard let unit = graph[name] else { return nil }
        let used = Set(unit.replicas.map(\.key.index))
        let index = (0...).first { !used.contains($0) } ?? unit.replicas.count
        let taken = graph.ports.union([facts.routerPort, facts.postgresPort].compactMap { $0 })
        let port = unit.service.port == nil ? nil : PortAllocator.freePort(avoiding: taken)
        return await unit.set.add([(index: index, port: port)]).added.first
    }

    /// Takes replicas out of rotation: the router sends them nothing new.
    func withdraw(_ keys: [ReplicaKey]) async {
        for service in Set(keys.map(\.service)) {
            await graph[service]?.set.withdraw(keys.filter { $0.service == service })
        }
    }

    /// The connections the router still holds to `keys`: zero once withdrawn replicas are drained.
    func openConnections(_ keys: [ReplicaKey]) async -> Int {
        guard let router else { return 0 }
        var open = 0
        for case let backend? in keys.map({ graph.slot($0)?.view.backend }) {
            open += await router.openConnections(to: backend)
        }
        return open
    }

    /// Stops replicas and removes them, and their rows, from the environment.
    func stopAndForget(_ keys: [ReplicaKey]) async {
        for service in Set(keys.map(\.service)) {
            await graph[service]?.set.stopAndForget(keys.filter { $0.service == service })
        }
    }

    /// What `${services.<name>.port}` resolves to after its replicas moved.
    func refreshServicePorts(of name: String) {
        launchPlan.facts.servicePorts[name] = graph[name]?.replicas.compactMap(\.view.port)
    }

    /// Ports for every replica of `target` (`PortPlan`), from what runs and what was recorded.
    func allocatePorts(for target: Environment, currentRouter: Int?) throws -> (ports: [String: [Int?]], facts: RuntimeFacts) {
        try PortPlan.allocate(for: target, graph: graph, currentRouter: currentRouter, state: state, journal: journal)
    }

    /// Drops replica rows of services or replicas that no longer exist.
    func pruneReplicaRecords() {
        journal.flushNow()  // no queued write may bring a deleted row back
        guard let records = try? state.replicas(environment: name) else { return }
        for record in records where graph.slot(ReplicaKey(service: record.service, index: record.index)) == nil {
            journal.write("delete the record of \(record.service).\(record.index)") {
                try $0.deleteReplicas(environment: self.name, service: record.service, indexes: [record.index])
            }
        }
    }
}
