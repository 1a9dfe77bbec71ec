import Manifest
import Router
import State
import Supervisor
import Vocabulary

/// Every unit the environment runs, in dependency order, as the engine last heard of them.
///
/// Pure: it holds the units' manifest entries and their replicas' last reports, and answers
/// what the engine decides from them — which units may start, whether the environment is
/// running, paused or degraded, which replicas take requests. It never asks a unit's name or kind.
struct UnitGraph: Sendable {
    var units: [String: ServiceUnit] = [:]
    /// The units in manifest order (what `status` lists them in).
    var order: [String] = []
    var plan = try! DependencyPlan([:])  // an empty plan has no cycle

    subscript(name: String) -> ServiceUnit? {
        get { units[name] }
        set { units[name] = newValue }
    }

    func slot(_ key: ReplicaKey) -> ReplicaSlot? {
        units[key.service]?.replicas.first { $0.key.index == key.index }
    }

    /// What happens next at start-up: units whose dependencies are ready, and those that can
    /// never start because a dependency failed (with why).
    func startable() -> (ready: [String], blocked: [(name: String, reason: String)]) {
        // Called after every change: most often nothing waits to start, and that is cheap to see.
        guard units.values.contains(where: { $0.wanted && !$0.started && $0.blocked == nil }) else { return ([], []) }
        let statuses = self.statuses()
        var ready: [String] = [], blocked: [(String, String)] = []
        for name in plan.services {
            guard let unit = units[name], unit.wanted, !unit.started, unit.blocked == nil else { continue }
            switch plan.readiness(of: name, given: statuses) {
            case .waiting: continue
            case .failed(let reason): blocked.append((name, reason))
            case .ready: ready.append(name)
            }
        }
        return (ready, blocked)
    }

    /// Each unit's status as its dependents' gates read it.
    func statuses() -> [String: ServiceStatus] {
        units.mapValues { unit in
            var replicas = unit.replicas.map(\.view.status)
            // A unit counts as healthy for its dependents only once it is ready (Postgres: its
            // databases and seeds are in).
            if !unit.ready { replicas = replicas.map { var replica = $0; replica.health = .unknown; return replica } }
            return ServiceStatus(kind: unit.service.kind == .job ? .job : .service, hasHealthCheck: unit.service.health != nil,
                                 replicas: replicas)
        }
    }

    mutating func update(_ key: ReplicaKey, _ change: (inout ReplicaSlot) -> Void) {
        guard var unit = units[key.service], let position = unit.replicas.firstIndex(where: { $0.key == key }) else { return }
        change(&unit.replicas[position])
        units[key.service] = unit
    }

    /// Every port the environment's replicas hold.
    var ports: Set<Int> {
        Set(units.values.flatMap { $0.replicas.compactMap(\.view.port) })
    }

    /// Whether any replica is paused.
    var isPaused: Bool {
        units.values.contains { $0.replicas.contains { $0.view.status.state == .paused } }
    }

    /// The replicas of `unit` that may take requests: running, and healthy where it has a check.
    func servingBackends(_ name: String) -> [Backend] {
        (units[name]?.replicas ?? []).compactMap { slot in
            slot.view.serves && !slot.leaving ? slot.view.backend : nil
        }
    }

    /// running | paused | sleeping | stopped | degraded | starting, from the replicas' states.
    /// In one pass over the replicas, without copying them out: it runs after every change.
    func observedState(asleep: Bool) -> EnvironmentState {
        var any = false, allStopped = true, crashed = false, unhealthy = false
        var allIdle = true, paused = false, waiting = false, blocked = false
        for unit in units.values {
            if unit.blocked != nil { blocked = true }
            if !unit.started { waiting = true }
            for slot in unit.replicas {
                any = true
                let state = slot.view.status.state
                let health = slot.view.hasHealthCheck ? slot.view.status.health : nil
                if state != .stopped { allStopped = false }
                if state == .crashed { crashed = true }
                if state == .paused { paused = true }
                if state != .paused && state != .stopped && state != .exited { allIdle = false }
                if state == .starting { waiting = true }
                if state == .running, let health {
                    if health == .unhealthy { unhealthy = true }
                    if health != .healthy { waiting = true }
                }
            }
        }
        if asleep && (allStopped || !any) { return .sleeping }
        if blocked { return .degraded }
        if !any { return units.isEmpty ? .stopped : .running }
        if allStopped { return .stopped }
        if crashed || unhealthy { return .degraded }
        if allIdle && paused { return .paused }
        return waiting ? .starting : .running
    }
}
