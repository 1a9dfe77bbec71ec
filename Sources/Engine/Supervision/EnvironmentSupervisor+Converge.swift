import Foundation
import Manifest
import State
import Supervisor

extension EnvironmentSupervisor {
    /// Brings the running units in line with `target`: changed units are replaced, removed ones
    /// stopped, new ones started once their dependencies are ready, the rest left untouched.
    /// - Throws: `ConvergeError` before changing anything when the manifest cannot run here.
    public func converge(to target: Environment, baseEnvironment: [String: String]) async throws {
        let newPlan = try UnitCatalog.dependencyPlan(for: target)
        let scheduleChanged = environment.schedule != target.schedule
        var newFacts = RuntimeFacts()
        let ports = try allocatePorts(for: target, facts: &newFacts)
        let database = try await prepareDatabase(for: target, facts: newFacts)
        newFacts.databases = facts.databases
        let blueprints = UnitCatalog.blueprints(for: target, database: database, probes: probes)
        let changes = UnitChanges(from: graph, to: blueprints)
        let (removed, replaced) = (changes.removed, changes.replaced)

        try await convergeRouter(target.router, port: newFacts.routerPort)
        await stop(services: Set(removed + replaced))
        if !removed.isEmpty { journal.flushNow() }  // no queued write may bring a deleted row back
        for name in removed {
            graph[name] = nil
            journal.write("delete the records of \(name)") { try $0.deleteReplicas(environment: self.name, service: name) }
            record("removed", service: name, "\(name) is no longer in the manifest")
        }
        for service in changes.resized { await resize(service, ports: ports[service.name] ?? []) }

        self.environment = target
        self.baseEnvironment = baseEnvironment
        self.facts = newFacts
        self.graph.plan = newPlan
        self.database = database
        self.graph.order = blueprints.map(\.name)
        for blueprint in blueprints {
            let service = blueprint.service
            if var unit = graph[service.name], !replaced.contains(service.name) {
                unit.service = service
                unit.kind = blueprint.kind
                unit.wanted = true
                graph[service.name] = unit
                continue
            }
            let replicas = (0..<service.replicas).map { index in
                makeReplica(service, index: index, port: ports[service.name]?[safe: index] ?? nil)
            }
            graph[service.name] = ServiceUnit(service: service, kind: blueprint.kind, fingerprint: blueprint.fingerprint,
                                              replicas: replicas, ready: blueprint.kind.readying(state: state, logger: logger) == nil)
        }
        pruneReplicaRecords()
        recordEnvironmentState()
        startReadyServices()
        keepClockwork(scheduleChanged: scheduleChanged)
        notifyChange()
    }

    /// Starts every unit whose dependencies are ready; marks those whose dependencies failed.
    func startReadyServices() {
        let (ready, blocked) = graph.startable()
        for (name, reason) in blocked {
            graph[name]?.blocked = reason
            record("blocked", service: name, reason)
            notifyChange()
        }
        for name in ready {
            graph[name]?.started = true
            for slot in graph[name]?.replicas ?? [] {
                Task { await slot.runner.start() }
            }
        }
    }

    /// Stops the given units, dependents before their dependencies, each within its stop_timeout.
    func stop(services names: Set<String>) async {
        guard !names.isEmpty else { return }
        for wave in graph.plan.stopWaves {
            let targets = wave.filter { names.contains($0) && graph[$0] != nil }
            for name in targets {
                graph[name]?.blocked = nil
                graph[name]?.wanted = false
                for slot in graph[name]?.replicas ?? [] { await slot.runner.stop() }
            }
            await waitUntil { targets.allSatisfy { self.graph[$0]?.isSettled ?? true } }
            for name in targets {
                graph[name]?.started = false
                for slot in graph[name]?.replicas ?? [] { await slot.runner.quiesce() }
            }
        }
    }

    /// Stops everything, in reverse dependency order.
    public func stopAll() async {
        idleWatch?.cancel()
        idleWatch = nil
        scheduleKeeper?.cancel()
        scheduleKeeper = nil
        let active = graph.units.values.contains { $0.wanted || !$0.isSettled }
        await stopRouter()
        await stop(services: Set(graph.units.keys))
        if active { record("down", "every service stopped") }
    }

    /// Restarts one unit, or all of them, respecting dependency order.
    public func restart(service: String?) async throws {
        let names: Set<String>
        if let service {
            guard graph[service] != nil else {
                throw ConvergeError("no service '\(service)' in \(name)" + ConvergeError.known(Array(graph.units.keys)))
            }
            names = [service]
        } else {
            names = Set(graph.units.keys)
        }
        await stop(services: names)
        for name in names { graph[name]?.wanted = true }
        record("restart", service: service, "restarting \(service ?? "every service")")
        startReadyServices()
    }

    private func resize(_ service: Manifest.Service, ports: [Int?]) async {
        guard var unit = graph[service.name] else { return }
        if service.replicas < unit.replicas.count {
            let extra = Array(unit.replicas[service.replicas...])
            for slot in extra { await slot.runner.stop() }
            await waitUntil { extra.allSatisfy { self.graph.slot($0.key)?.view.isSettled ?? true } }
            for slot in extra { await slot.runner.quiesce() }
            unit = graph[service.name] ?? unit
            unit.replicas.removeLast(unit.replicas.count - service.replicas)
            graph[service.name] = unit
            journal.flushNow()
            journal.write("delete the records of \(service.name)'s removed replicas") {
                try $0.deleteReplicas(environment: name, service: service.name, indexes: extra.map(\.key.index))
            }
            record("scaled", service: service.name, "\(service.name) scaled down to \(service.replicas)")
        } else {
            let added = (unit.replicas.count..<service.replicas).map {
                makeReplica(service, index: $0, port: ports[safe: $0] ?? nil)
            }
            unit.replicas += added
            graph[service.name] = unit
            record("scaled", service: service.name, "\(service.name) scaled up to \(service.replicas)")
            if unit.started {
                for slot in added { await slot.runner.start() }
            }
        }
    }
}
