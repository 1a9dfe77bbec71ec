import Manifest
import State

extension EnvironmentSupervisor {
    /// Ports for every replica: fixed ones checked free, `auto` ones kept from the last run when
    /// still free. Also fills the router and service facts that `${…}` references read.
    func allocatePorts(for target: Environment, facts: inout RuntimeFacts) throws -> [String: [Int?]] {
        journal.flushNow()  // the ports of replicas recorded so far
        let previous = (try? state.replicas(environment: name)) ?? []
        var taken = Set<Int>()
        var result: [String: [Int?]] = [:]
        for service in target.services {
            guard case .fixed(let port)? = service.port else { continue }
            let ours = services[service.name]?.replicas.contains { $0.port == port } ?? false
            if !ours, !PortProbe.isFree(port: port) {
                throw ConvergeError("services.\(service.name).port: port \(port) is already in use by another program; stop it, or use port: auto")
            }
            taken.insert(port)
            result[service.name] = Array(repeating: port, count: service.replicas)
        }
        if let port = try allocateDatabasePort(for: target, avoiding: taken) {
            taken.insert(port)
            facts.postgresPort = port
        }
        if let router = target.router {
            let stored = try? state.environment(named: name)?.routerPort
            let port: Int?
            switch router.port {
            case .fixed(let fixed):
                if routerSpec?.port != fixed, !PortProbe.isFree(port: fixed) {
                    throw ConvergeError("router.port: port \(fixed) is already in use by another program; stop it, or use port: auto")
                }
                port = fixed
            case .auto: port = PortAllocator.stablePort(previous: stored ?? nil, avoiding: taken)
            }
            if let port {
                taken.insert(port)
                facts.routerPort = port
                facts.routerHost = router.host
                if port != stored ?? nil {
                    journal.write("record the router port") { try $0.updateEnvironment(named: name) { $0.routerPort = port } }
                }
            }
            for route in router.routes where facts.routedPaths[route.service] == nil {
                facts.routedPaths[route.service] = route.path
            }
        }
        for service in target.services where service.port == .auto {
            var ports: [Int?] = []
            for index in 0..<service.replicas {
                let current = services[service.name]?.replicas[safe: index]?.port
                let stored = previous.first { $0.service == service.name && $0.index == index }?.port
                let port = current ?? PortAllocator.stablePort(previous: stored, avoiding: taken)
                if let port { taken.insert(port) }
                ports.append(port)
            }
            result[service.name] = ports
        }
        for (service, ports) in result { facts.servicePorts[service] = ports.compactMap { $0 } }
        if let port = facts.postgresPort { result[UnitCatalog.databaseName] = [port] }
        return result
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
