import Foundation
import Manifest
import Router
import State

extension UnitEngine {
    /// Scales `service` to its count: new replicas (on `ports`, or free ones) start if the unit
    /// has; the replicas over the count are retired (`Retirement`).
    func resize(_ service: Manifest.Service, ports: [Int?]) async {
        guard var unit = graph[service.name], unit.replicas.count != service.replicas else { return }
        if service.replicas < unit.replicas.count {
            await Retirement(units: self).retire(unit.replicas[service.replicas...].map(\.key), drainingFor: service.stopTimeout)
            record("scaled", service: service.name, "\(service.name) scaled down to \(service.replicas)")
        } else {
            let added = (unit.replicas.count..<service.replicas).map {
                makeReplica(service, index: $0,
                            port: service.port == nil ? nil : ports[safe: $0] ?? PortAllocator.freePort(avoiding: graph.ports))
            }
            unit.replicas += added
            graph[service.name] = unit
            record("scaled", service: service.name, "\(service.name) scaled up to \(service.replicas)")
            if unit.started {
                for slot in added { await slot.runner.start() }
            }
        }
    }

    /// A new replica of `name` at its lowest free index, on a port nothing of the environment
    /// holds, not yet started.
    func addReplica(to name: String) -> ReplicaSlot? {
        guard var unit = graph[name] else { return nil }
        let used = Set(unit.replicas.map(\.key.index))
        let index = (0...).first { !used.contains($0) } ?? unit.replicas.count
        let taken = graph.ports.union([facts.routerPort, facts.postgresPort].compactMap { $0 })
        let port = unit.service.port == nil ? nil : PortAllocator.freePort(avoiding: taken)
        let slot = makeReplica(unit.service, index: index, port: port)
        unit.replicas.append(slot)
        unit.replicas.sort { $0.key.index < $1.key.index }
        graph[name] = unit
        return slot
    }

    /// Takes replicas out of rotation: the router sends them nothing new.
    func withdraw(_ keys: [ReplicaKey]) {
        for key in keys { graph.update(key) { $0.leaving = true } }
        for service in Set(keys.map(\.service)) { updateBackends(of: service) }
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
        let slots = keys.compactMap { graph.slot($0) }
        for slot in slots { await slot.runner.stop() }
        await waitUntil { keys.allSatisfy { self.graph.slot($0)?.view.isSettled ?? true } }
        for slot in slots { await slot.runner.quiesce() }
        for service in Set(keys.map(\.service)) {
            graph[service]?.replicas.removeAll { keys.contains($0.key) }
            journal.flushNow()  // no queued write may bring a deleted row back
            journal.write("delete the records of \(service)'s removed replicas") {
                try $0.deleteReplicas(environment: self.name, service: service,
                                      indexes: keys.filter { $0.service == service }.map(\.index))
            }
            updateBackends(of: service)
        }
        notifyChange()
    }

    /// What `${services.<name>.port}` resolves to after its replicas moved.
    func refreshServicePorts(of name: String) {
        launchPlan.facts.servicePorts[name] = graph[name]?.replicas.compactMap(\.view.port)
    }

    // MARK: Ports

    /// Ports for every replica of `target` (`PortPlan`), from what runs and what the last run
    /// recorded; the router's and Postgres's are recorded for the next run.
    /// - Returns: each unit's replica ports, and the facts `${…}` references to ports read.
    func allocatePorts(for target: Environment, currentRouter: Int?) throws -> (ports: [String: [Int?]], facts: RuntimeFacts) {
        journal.flushNow()  // the ports of replicas recorded so far
        let recorded = try? state.environment(named: name)
        let memory = PortPlan.Memory(graph: graph, records: (try? state.replicas(environment: name)) ?? [], environment: recorded,
                                     currentRouter: currentRouter)
        let plan = try PortPlan(for: target, databaseUnit: UnitCatalog.databaseName, memory: memory, machine: .real)
        if plan.router != memory.recordedRouter || plan.database != memory.recordedDatabase {
            journal.write("record the router and postgres ports") {
                try $0.updateEnvironment(named: self.name) {
                    if let port = plan.router { $0.routerPort = port }
                    if let port = plan.database { $0.postgresPort = port }
                }
            }
        }
        var facts = RuntimeFacts()
        plan.describe(into: &facts, router: target.router)
        return (plan.unitPorts(databaseUnit: UnitCatalog.databaseName), facts)
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
