import Manifest

/// The ports of an environment for a manifest: fixed ones checked free (unless the environment
/// holds them already), `auto` ones kept from what runs or from the last run while still free,
/// else new ones, never two alike. Pure over its `Machine` seam.
struct PortPlan: Equatable {
    /// The ports the environment holds now, and those the state db recorded for it.
    struct Memory {
        /// Each unit's replica ports, as they run now.
        var current: [String: [Int?]] = [:]
        /// Each unit's replica ports by index, as the last run recorded them.
        var recorded: [String: [Int: Int]] = [:]
        var currentRouter: Int?
        var recordedRouter: Int?
        var recordedDatabase: Int?
    }

    /// What the machine says about ports.
    struct Machine: Sendable {
        /// Whether nothing listens on the loopback port now.
        var isFree: @Sendable (Int) -> Bool
        /// A port the kernel says is free now, not one of those given.
        var freePort: @Sendable (Set<Int>) -> Int?

        static let real = Machine(isFree: { PortProbe.isFree(port: $0) }, freePort: { PortAllocator.freePort(avoiding: $0) })
    }

    /// Each service's replica ports (nil: none could be found, or it has no port).
    var replicas: [String: [Int?]] = [:]
    var router: Int?
    var database: Int?

    /// - Throws: `ConvergeError` naming the manifest key of a fixed port another program holds.
    init(for target: Environment, databaseUnit: String, memory: Memory, machine: Machine) throws {
        var taken = Set<Int>()
        func stable(_ previous: Int?) -> Int? {
            if let previous, !taken.contains(previous), machine.isFree(previous) { return previous }
            return machine.freePort(taken)
        }
        func checkFixed(_ port: Int, ours: Bool, key: String) throws {
            if !ours, !machine.isFree(port) {
                throw ConvergeError("\(key): port \(port) is already in use by another program; stop it, or use port: auto")
            }
        }
        for service in target.services {
            guard case .fixed(let port)? = service.port else { continue }
            try checkFixed(port, ours: memory.current[service.name]?.contains(port) ?? false, key: "services.\(service.name).port")
            taken.insert(port)
            replicas[service.name] = Array(repeating: port, count: service.replicas)
        }
        if let postgres = target.postgres {
            let ours = memory.current[databaseUnit]?.first ?? nil
            switch postgres.port {
            case .fixed(let fixed):
                try checkFixed(fixed, ours: ours == fixed, key: "postgres.port")
                database = fixed
            case .auto:
                database = ours ?? stable(memory.recordedDatabase)
            }
            if let database { taken.insert(database) }
        }
        if let spec = target.router {
            switch spec.port {
            case .fixed(let fixed):
                try checkFixed(fixed, ours: memory.currentRouter == fixed, key: "router.port")
                router = fixed
            case .auto:
                router = memory.currentRouter ?? stable(memory.recordedRouter)
            }
            if let router { taken.insert(router) }
        }
        for service in target.services where service.port == .auto {
            replicas[service.name] = (0..<service.replicas).map { index in
                let port = (memory.current[service.name]?[safe: index] ?? nil) ?? stable(memory.recorded[service.name]?[index])
                if let port { taken.insert(port) }
                return port
            }
        }
    }
}
