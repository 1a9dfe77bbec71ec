import Manifest
import State

extension EnvironmentSupervisor {
    /// Ports for every replica (`PortPlan`), from what runs and what the last run recorded; the
    /// router's and Postgres's are recorded for the next run. Also fills the router and service
    /// facts that `${…}` references read.
    func allocatePorts(for target: Environment, facts: inout RuntimeFacts) throws -> [String: [Int?]] {
        journal.flushNow()  // the ports of replicas recorded so far
        var memory = PortPlan.Memory()
        for (name, unit) in services { memory.current[name] = unit.replicas.map(\.port) }
        for record in (try? state.replicas(environment: name)) ?? [] {
            if let port = record.port { memory.recorded[record.service, default: [:]][record.index] = port }
        }
        let recorded = try? state.environment(named: name)
        memory.recordedRouter = recorded?.routerPort
        memory.recordedDatabase = recorded?.postgresPort
        memory.currentRouter = routerSpec?.port
        let plan = try PortPlan(for: target, databaseUnit: UnitCatalog.databaseName, memory: memory, machine: .real)

        if plan.router != memory.recordedRouter || plan.database != memory.recordedDatabase {
            journal.write("record the router and postgres ports") {
                try $0.updateEnvironment(named: name) {
                    if let port = plan.router { $0.routerPort = port }
                    if let port = plan.database { $0.postgresPort = port }
                }
            }
        }
        facts.postgresPort = plan.database
        if let router = target.router, let port = plan.router {
            facts.routerPort = port
            facts.routerHost = router.host
            for route in router.routes where facts.routedPaths[route.service] == nil {
                facts.routedPaths[route.service] = route.path
            }
        }
        for (service, ports) in plan.replicas { facts.servicePorts[service] = ports.compactMap { $0 } }
        var ports = plan.replicas
        if let port = plan.database { ports[UnitCatalog.databaseName] = [port] }
        return ports
    }

    /// Drops replica rows of services or replicas that no longer exist.
    func pruneReplicaRecords() {
        journal.flushNow()  // no queued write may bring a deleted row back
        guard let records = try? state.replicas(environment: name) else { return }
        for record in records where replica(ReplicaKey(service: record.service, index: record.index)) == nil {
            journal.write("delete the record of \(record.service).\(record.index)") {
                try $0.deleteReplicas(environment: name, service: record.service, indexes: [record.index])
            }
        }
    }
}
