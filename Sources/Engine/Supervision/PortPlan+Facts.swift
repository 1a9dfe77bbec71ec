import Manifest
import State

extension PortPlan.Memory {
    /// What the environment holds now (its units' replicas, its router) and what the state db
    /// recorded for it.
    init(graph: UnitGraph, records: [ReplicaRecord], environment: EnvironmentRecord?, currentRouter: Int?) {
        for (name, unit) in graph.units { current[name] = unit.replicas.map(\.view.port) }
        for record in records {
            if let port = record.port { recorded[record.service, default: [:]][record.index] = port }
        }
        recordedRouter = environment?.routerPort
        recordedDatabase = environment?.postgresPort
        self.currentRouter = currentRouter
    }
}

extension PortPlan {
    /// Fills what `${…}` references to ports read: Postgres's, the router's and its routes, and
    /// each service's replica ports.
    func describe(into facts: inout RuntimeFacts, router spec: RouterSpec?) {
        facts.postgresPort = database
        if let spec, let router {
            facts.routerPort = router
            facts.routerHost = spec.host
            for route in spec.routes where facts.routedPaths[route.service] == nil {
                facts.routedPaths[route.service] = route.path
            }
        }
        for (service, ports) in replicas { facts.servicePorts[service] = ports.compactMap { $0 } }
    }

    /// Every unit's replica ports, the database unit's included.
    func unitPorts(databaseUnit: String) -> [String: [Int?]] {
        var ports = replicas
        if let database { ports[databaseUnit] = [database] }
        return ports
    }
}
