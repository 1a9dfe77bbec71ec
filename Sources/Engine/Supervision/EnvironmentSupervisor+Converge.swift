import Foundation
import Manifest
import State
import Supervisor
import Vocabulary

#if canImport(Glibc)
import Glibc
#endif

extension EnvironmentSupervisor {
    /// Brings the running services in line with `target`: changed services are replaced, removed
    /// ones stopped, new ones started once their dependencies are ready, the rest left untouched.
    /// - Throws: `ConvergeError` before changing anything when the manifest cannot run here.
    public func converge(to target: Environment, baseEnvironment: [String: String]) async throws {
        let newPlan = try UnitCatalog.dependencyPlan(for: target)
        let scheduleChanged = environment.schedule != target.schedule
        var newFacts = RuntimeFacts()
        let ports = try allocatePorts(for: target, facts: &newFacts)
        let database = try await prepareDatabase(for: target, facts: newFacts)
        newFacts.databases = facts.databases
        let blueprints = UnitCatalog.blueprints(for: target, database: database, probes: probes)
        let fingerprints = Dictionary(uniqueKeysWithValues: blueprints.map { ($0.name, $0.fingerprint) })
        let removed = services.keys.filter { fingerprints[$0] == nil }
        let replaced = services.filter { name, unit in fingerprints[name].map { $0 != unit.fingerprint } ?? false }.map(\.key)
        let resized = blueprints.map(\.service).filter { service in
            guard let unit = services[service.name], unit.fingerprint == fingerprints[service.name] else { return false }
            return unit.replicas.count != service.replicas
        }

        try await convergeRouter(target.router, port: newFacts.routerPort)
        await stop(services: Set(removed + replaced))
        if !removed.isEmpty { journal.flushNow() }  // no queued write may bring a deleted row back
        for name in removed {
            services[name] = nil
            journal.write("delete the records of \(name)") { try $0.deleteReplicas(environment: self.name, service: name) }
            record("removed", service: name, "\(name) is no longer in the manifest")
        }
        for service in resized { await resize(service, ports: ports[service.name] ?? []) }

        self.environment = target
        self.baseEnvironment = baseEnvironment
        self.facts = newFacts
        self.plan = newPlan
        self.database = database
        self.unitOrder = blueprints.map(\.name)
        for blueprint in blueprints {
            let service = blueprint.service
            if var unit = services[service.name], !replaced.contains(service.name) {
                unit.service = service
                unit.kind = blueprint.kind
                unit.wanted = true
                services[service.name] = unit
                continue
            }
            let replicas = (0..<service.replicas).map { index in
                makeReplica(service, index: index, port: ports[service.name]?[safe: index] ?? nil)
            }
            services[service.name] = ServiceUnit(service: service, kind: blueprint.kind, fingerprint: blueprint.fingerprint,
                                                 replicas: replicas, ready: blueprint.kind.readying(state: state, logger: logger) == nil)
            for replica in replicas { persist(replica.key) }
        }
        pruneReplicaRecords()
        startReadyServices()
        watchIdle()
        listenForWakeRequests()
        if scheduleChanged || scheduleKeeper == nil { keepSchedule() }
        notifyChange()
    }

    /// Starts every service whose dependencies are ready; marks those whose dependencies failed.
    func startReadyServices() {
        // Called after every change: most often nothing waits to start, and that is cheap to see.
        guard services.values.contains(where: { $0.wanted && !$0.started && $0.blocked == nil }) else { return }
        let statuses = serviceStatuses()
        for name in plan.services {
            guard var unit = services[name], unit.wanted, !unit.started, unit.blocked == nil else { continue }
            switch plan.readiness(of: name, given: statuses) {
            case .waiting:
                continue
            case .failed(let reason):
                unit.blocked = reason
                services[name] = unit
                record("blocked", service: name, reason)
                notifyChange()
            case .ready:
                unit.started = true
                services[name] = unit
                for replica in unit.replicas {
                    let key = replica.key
                    let action = mutateLifecycle(key) { $0.start() }
                    Task { await self.perform(action, for: key) }
                }
            }
        }
    }

    /// Stops the given services, dependents before their dependencies, each within its stop_timeout.
    func stop(services names: Set<String>) async {
        guard !names.isEmpty else { return }
        for wave in plan.stopWaves {
            let targets = wave.filter { names.contains($0) && services[$0] != nil }
            for name in targets {
                services[name]?.blocked = nil
                services[name]?.wanted = false
                for replica in services[name]?.replicas ?? [] {
                    let key = replica.key
                    let action = mutateLifecycle(key) { $0.stop() }
                    if action != .none { record("stopping", service: name, "\(key) stopping") }
                    await perform(action, for: key)
                }
            }
            await waitUntil { targets.allSatisfy { name in self.services[name]?.replicas.allSatisfy(\.isSettled) ?? true } }
            for name in targets {
                services[name]?.started = false
                for replica in services[name]?.replicas ?? [] {
                    update(replica.key) { $0.cancelTasks() }
                    persist(replica.key)
                }
            }
        }
    }

    /// Stops everything, in reverse dependency order.
    public func stopAll() async {
        idleWatch?.cancel()
        idleWatch = nil
        scheduleKeeper?.cancel()
        scheduleKeeper = nil
        let active = services.values.contains { $0.wanted || !$0.replicas.allSatisfy(\.isSettled) }
        await stopRouter()
        await stop(services: Set(services.keys))
        if active { record("down", "every service stopped") }
    }

    /// Restarts one service, or all of them, respecting dependency order.
    public func restart(service: String?) async throws {
        let names: Set<String>
        if let service {
            guard services[service] != nil else {
                throw ConvergeError("no service '\(service)' in \(name)" + ConvergeError.known(Array(services.keys)))
            }
            names = [service]
        } else {
            names = Set(services.keys)
        }
        await stop(services: names)
        for name in names { services[name]?.wanted = true }
        record("restart", service: service, "restarting \(service ?? "every service")")
        startReadyServices()
    }

    private func resize(_ service: Manifest.Service, ports: [Int?]) async {
        guard var unit = services[service.name] else { return }
        if service.replicas < unit.replicas.count {
            let extra = unit.replicas[service.replicas...].map(\.key)
            for key in extra {
                await perform(mutateLifecycle(key) { $0.stop() }, for: key)
            }
            await waitUntil { extra.allSatisfy { self.replica($0)?.isSettled ?? true } }
            unit = services[service.name] ?? unit
            unit.replicas.removeLast(unit.replicas.count - service.replicas)
            services[service.name] = unit
            journal.flushNow()
            journal.write("delete the records of \(service.name)'s removed replicas") {
                try $0.deleteReplicas(environment: name, service: service.name, indexes: extra.map(\.index))
            }
            record("scaled", service: service.name, "\(service.name) scaled down to \(service.replicas)")
        } else {
            let added = (unit.replicas.count..<service.replicas).map {
                makeReplica(service, index: $0, port: ports[safe: $0] ?? nil)
            }
            unit.replicas += added
            services[service.name] = unit
            record("scaled", service: service.name, "\(service.name) scaled up to \(service.replicas)")
            if unit.started {
                for replica in added { await perform(mutateLifecycle(replica.key) { $0.start() }, for: replica.key) }
            }
        }
    }

    private func makeReplica(_ service: Manifest.Service, index: Int, port: Int?) -> ReplicaUnit {
        let lifecycle = ReplicaLifecycle(configuration: .init(
            kind: service.kind == .job ? .job : .service,
            restart: RestartPolicy(rawValue: service.restart.rawValue) ?? .no,
            stopSignal: ExitStatus.signalNumber(named: service.stopSignal) ?? SIGTERM,
            stopTimeout: service.stopTimeout))
        let health = service.health.map {
            HealthTracker(configuration: .init(interval: $0.interval, timeout: $0.timeout, retries: $0.retries,
                                               startPeriod: $0.startPeriod))
        }
        return ReplicaUnit(key: ReplicaKey(service: service.name, index: index), lifecycle: lifecycle, tracker: health, port: port)
    }

    func serviceStatuses() -> [String: ServiceStatus] {
        var statuses = services.mapValues { unit in
            ServiceStatus(kind: unit.service.kind == .job ? .job : .service, hasHealthCheck: unit.service.health != nil,
                          replicas: unit.replicas.map(\.lifecycle.status))
        }
        // A unit counts as healthy for its dependents only once it is ready (Postgres: its
        // databases and seeds are in).
        for (name, unit) in services where !unit.ready {
            guard var status = statuses[name] else { continue }
            status.replicas = status.replicas.map { var replica = $0; replica.health = .unknown; return replica }
            statuses[name] = status
        }
        return statuses
    }
}

/// A manifest that cannot run here: a fixed port in use, a cycle. Nothing was changed.
public struct ConvergeError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }

    static func known(_ names: [String]) -> String {
        names.isEmpty ? "" : "; services: \(names.sorted().joined(separator: ", "))"
    }
}

extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
