import Manifest
import State

extension PortPlan {
    /// Ports for every replica of `target`, from what runs (the units of `graph`, the router on
    /// `currentRouter`) and what the last run recorded; the router's and Postgres's are recorded
    /// for the next run.
    /// - Returns: each unit's replica ports, and the facts `${…}` references to ports read.
    static func allocate(for target: Environment, graph: UnitGraph, currentRouter: Int?, state: StateStore,
                         journal: StateJournal) throws -> (ports: [String: [Int?]], facts: RuntimeFacts) {
        journal.flushNow()  // the ports of replicas recorded so far
        let name = target.name
        let memory = PortPlan.Memory(graph: graph, records: (try? state.replicas(environment: name)) ?? [],
                                     environment: try? state.environment(named: name), currentRouter: currentRouter)
        let plan = try PortPlan(for: target, databaseUnit: UnitCatalog.databaseName, memory: memory, machine: .real)
        if plan.router != memory.recordedRouter || plan.database != memory.recordedDatabase {
            journal.write("record the router and postgres ports") {
                try $0.updateEnvironment(named: name) {
                    if let port = plan.router { $0.routerPort = port }
                    if let port = plan.database { $0.postgresPort = port }
                }
            }
        }
        var facts = RuntimeFacts()
        plan.describe(into: &facts, router: target.router)
        return (plan.unitPorts(databaseUnit: UnitCatalog.databaseName), facts)
    }
}
