/// The order services start and stop in, from their `depends_on` entries.
///
/// Names are just names: a dependency that is not itself a key (such as `postgres`) is a service
/// with no dependencies of its own. Waves and names within a wave are in a stable order (by name),
/// so plans and their output are reproducible.
public struct DependencyPlan: Sendable, Hashable {
    /// One `depends_on` entry: the service depended on and what to wait for.
    public struct Dependency: Sendable, Hashable {
        /// The service depended on.
        public var name: String
        /// What the dependent waits for.
        public var condition: DependencyCondition

        /// Creates an entry; a bare name in the manifest waits for `started`.
        public init(_ name: String, _ condition: DependencyCondition = .started) {
            self.name = name
            self.condition = condition
        }
    }

    /// Every service, named as a key or as a dependency, sorted by name.
    public let services: [String]
    /// Services grouped so that each depends only on services of earlier groups.
    /// Those of one group can start together.
    public let startWaves: [[String]]
    private let dependenciesByService: [String: [Dependency]]

    /// Creates the plan.
    /// - Parameter dependencies: each service's `depends_on` entries; services without any may be omitted.
    /// - Throws: ``DependencyCycleError`` naming the cycle, when the services depend on each other in a loop.
    public init(_ dependencies: [String: [Dependency]]) throws(DependencyCycleError) {
        if let cycle = Self.cycle(in: dependencies) {
            throw DependencyCycleError(cycle: cycle)
        }
        var names = Set(dependencies.keys)
        for entries in dependencies.values {
            names.formUnion(entries.map(\.name))
        }
        self.services = names.sorted()
        self.dependenciesByService = dependencies
        self.startWaves = Self.waves(of: services, dependencies: dependencies)
    }

    /// Creates the plan from the manifest's map form: `{ postgres: healthy, migrate: completed }`.
    /// - Throws: ``DependencyCycleError`` naming the cycle.
    public init(conditions: [String: [String: DependencyCondition]]) throws(DependencyCycleError) {
        try self.init(
            conditions.mapValues { entries in
                entries.sorted { $0.key < $1.key }.map { Dependency($0.key, $0.value) }
            }
        )
    }

    /// The waves in stop order: dependents before what they depend on.
    public var stopWaves: [[String]] {
        startWaves.reversed()
    }

    /// The direct `depends_on` entries of a service, in the order given.
    public func dependencies(of service: String) -> [Dependency] {
        dependenciesByService[service] ?? []
    }

    /// The services that depend on `service` directly, sorted by name.
    public func dependents(of service: String) -> [String] {
        services.filter { dependent in dependencies(of: dependent).contains { $0.name == service } }
    }

    /// A cycle among the dependencies, if there is one.
    /// - Returns: the services on the first cycle found (searching by name), the first repeated at
    ///   the end, e.g. `["a", "b", "a"]`; a service that depends on itself gives `["a", "a"]`.
    public static func cycle(in dependencies: [String: [Dependency]]) -> [String]? {
        var finished: Set<String> = []
        var path: [String] = []

        func visit(_ service: String) -> [String]? {
            path.append(service)
            let next = (dependencies[service] ?? []).map(\.name).sorted()
            for dependency in next where !finished.contains(dependency) {
                if let start = path.firstIndex(of: dependency) {
                    return Array(path[start...]) + [dependency]
                }
                if let cycle = visit(dependency) {
                    return cycle
                }
            }
            path.removeLast()
            finished.insert(service)
            return nil
        }

        for service in dependencies.keys.sorted() where !finished.contains(service) {
            if let cycle = visit(service) {
                return cycle
            }
        }
        return nil
    }

    /// Groups acyclic services by the length of their longest dependency chain.
    private static func waves(of services: [String], dependencies: [String: [Dependency]]) -> [[String]] {
        var depth: [String: Int] = [:]

        func depthOf(_ service: String) -> Int {
            if let known = depth[service] { return known }
            let result = (dependencies[service] ?? []).map { depthOf($0.name) + 1 }.max() ?? 0
            depth[service] = result
            return result
        }

        var waves: [[String]] = []
        for service in services {
            let level = depthOf(service)
            while waves.count <= level { waves.append([]) }
            waves[level].append(service)
        }
        return waves
    }
}
