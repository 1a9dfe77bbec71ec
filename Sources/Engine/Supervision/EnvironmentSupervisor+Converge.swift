import Foundation
import Manifest
import State
import Supervisor

extension EnvironmentSupervisor {
    /// Brings the running units in line with `manifest` (with the counts `devenv scale` set):
    /// changed units are rolled out replica by replica where they can be, else replaced; removed
    /// ones stopped, new ones started once their dependencies are ready, the rest left untouched.
    /// - Returns: what was done differently from what one might expect (replaced in place, why).
    /// - Throws: `ConvergeError` before changing anything when the manifest cannot run here; or,
    ///   after all else is done, when a rollout stopped because a replacement did not serve.
    @discardableResult
    public func converge(to manifest: Environment, baseEnvironment: [String: String]) async throws -> [String] {
        let target = applyingScale(to: manifest)
        let newPlan = try UnitCatalog.dependencyPlan(for: target)
        if target.usesContainers { try await prepareContainers(for: target) }
        let scheduleChanged = environment.schedule != target.schedule
        var newFacts = RuntimeFacts()
        let ports = try allocatePorts(for: target, facts: &newFacts)
        let database = try await prepareDatabase(for: target, facts: newFacts)
        newFacts.databases = facts.databases
        let blueprints = UnitCatalog.blueprints(for: target, database: database, probes: probes)
        let changes = UnitChanges(from: graph, to: blueprints)
        var notes: [String] = []
        let rolled = changes.replaced.filter { name in
            guard let unit = graph[name], unit.started, let service = target.service(named: name),
                  UpdatePolicy.rollsOnChange(service, in: target) else { return false }
            if let reason = UpdatePolicy.inPlaceReason(service, in: target) {
                notes.append(reason)
                return false
            }
            return true
        }
        let (removed, replaced) = (changes.removed, changes.replaced.filter { !rolled.contains($0) })
        // What a rolled unit ran before: kept again when its rollout stops, so the next up retries it.
        let previous = Dictionary(uniqueKeysWithValues: rolled.compactMap { name in graph[name].map { (name, $0) } })

        try await convergeRouter(target.router, port: newFacts.routerPort)
        await stop(services: Set(removed + replaced))
        if !removed.isEmpty { journal.flushNow() }  // no queued write may bring a deleted row back
        for name in removed {
            graph[name] = nil
            journal.write("delete the records of \(name)") { try $0.deleteReplicas(environment: self.name, service: name) }
            record("removed", service: name, "\(name) is no longer in the manifest")
        }
        for service in changes.resized { await resize(service, ports: ports[service.name] ?? []) }

        self.manifest = manifest
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
                unit.fingerprint = blueprint.fingerprint  // a rolled unit's replicas are replaced below
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
        for note in notes { record("replace", service: nil, note) }
        var failures: [String] = []
        for name in rolled {
            do {
                try await roll(name)
                if let service = target.service(named: name), graph[name]?.replicas.count != service.replicas {
                    await resize(service, ports: [])
                }
            } catch {
                failures.append("\(error)")
                if let before = previous[name] {
                    graph[name]?.service = before.service
                    graph[name]?.kind = before.kind
                    graph[name]?.fingerprint = before.fingerprint
                }
            }
        }
        if !failures.isEmpty { throw ConvergeError(failures.joined(separator: "; ")) }
        return notes
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

    /// Stops the given units, dependents before their dependencies, each within its stop_timeout;
    /// no further wave once `continuing` says no.
    func stop(services names: Set<String>, while continuing: () -> Bool = { true }) async {
        guard !names.isEmpty else { return }
        for wave in graph.plan.stopWaves {
            guard continuing() else { return }
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
        await removeLeftoverContainers()
        if active { record("down", "every service stopped") }
    }

    /// Stops the units, then starts them again once their dependencies are ready.
    func restartInPlace(_ names: Set<String>) async {
        await stop(services: names)
        for name in names { graph[name]?.wanted = true }
        startReadyServices()
    }

    func resize(_ service: Manifest.Service, ports: [Int?]) async {
        guard var unit = graph[service.name] else { return }
        if service.replicas < unit.replicas.count {
            await retire(unit.replicas[service.replicas...].map(\.key), drainingFor: service.stopTimeout)
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
}
