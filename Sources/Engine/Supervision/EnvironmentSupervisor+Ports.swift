import Manifest
import State

extension EnvironmentSupervisor {
    /// Ports for every replica (`PortPlan`), from what runs and what the last run recorded; the
    /// router's and Postgres's are recorded for the next run. Also fills the router and service
    /// facts that `${…}` references read.
    func allocatePorts(for target: Environment, facts: inout RuntimeFacts) throws -> [String: [Int?]] {
        journal.flushNow()  // the ports of replicas recorded so far
        let recorded = try? state.environment(named: name)
        let memory = PortPlan.Memory(graph: graph, records: (try? state.replicas(environment: name)) ?? [], environment: recorded,
                                     currentRouter: routerSlot?.port)
        let plan = try PortPlan(for: target, databaseUnit: UnitCatalog.databaseName, memory: memory, machine: .real)
        if plan.router != memory.recordedRouter || plan.database != memory.recordedDatabase {
            journal.write("record the router and postgres ports") {
                try $0.updateEnvironment(named: name) {
                    if let port = plan.router { $0.routerPort = port }
                    if let port = plan.database { $0.postgresPort = port }
                }
            }
        }
        plan.describe(into: &facts, router: target.router)
        return plan.unitPorts(databaseUnit: UnitCatalog.databaseName)
    }

    /// Drops replica rows of services or replicas that no longer exist.
    func pruneReplicaRecords() {
        journal.flushNow()  // no queued write may bring a deleted row back
        guard let records = try? state.replicas(environment: name) else { return }
        for record in records where graph.slot(ReplicaKey(service: record.service, index: record.index)) == nil {
            journal.write("delete the record of \(record.service).\(record.index)") {
                try $0.deleteReplicas(environment: name, service: record.service, indexes: [record.index])
            }
        }
    }
}
