import Foundation
import Manifest
import State
import Supervisor

extension UnitEngine {
    /// What `apply` left to the environment: units to roll out replica by replica (with what
    /// each ran before, kept again when its rollout stops), and why some were replaced in place.
    struct Applied: Sendable {
        var rolled: [String] = []
        var previous: [String: UnitBlueprint] = [:]
        var notes: [String] = []
    }

    /// Brings the units in line with `blueprints`: removed ones stopped, changed ones replaced
    /// (or left to roll where they can be), resized ones scaled in place, new ones started once
    /// their dependencies are ready, the rest untouched.
    func apply(_ blueprints: [UnitBlueprint], plan: DependencyPlan, launchPlan: LaunchPlan, ports: [String: [Int?]]) async -> Applied {
        let changes = UnitChanges(from: graph, to: blueprints, in: launchPlan.environment)
        let (removed, replaced) = (changes.removed, changes.replaced)
        var applied = Applied(rolled: changes.rolled, notes: changes.notes)
        for name in changes.rolled { applied.previous[name] = graph[name].map(UnitBlueprint.init(running:)) }

        await stop(services: Set(removed + replaced))
        if !removed.isEmpty { journal.flushNow() }  // no queued write may bring a deleted row back
        for name in removed {
            graph[name] = nil
            journal.write("delete the records of \(name)") { try $0.deleteReplicas(environment: self.name, service: name) }
            record("removed", service: name, "\(name) is no longer in the manifest")
        }
        for service in changes.resized { await resize(service, ports: ports[service.name] ?? []) }

        // New replica sets, and what kept ones run from; then the graph changes at once.
        var fresh: [String: UnitView] = [:]
        for blueprint in blueprints {
            if let unit = graph[blueprint.name], !replaced.contains(blueprint.name) {
                await unit.set.adopt(blueprint)  // a rolled unit's replicas are replaced by its rollout
            } else {
                let unitPorts = ports[blueprint.name] ?? []
                fresh[blueprint.name] = await makeSet(blueprint, ports: (0..<blueprint.service.replicas).map { unitPorts[safe: $0] ?? nil })
            }
        }
        self.launchPlan = launchPlan
        graph.plan = plan
        graph.order = blueprints.map(\.name)
        for blueprint in blueprints {
            if let view = fresh[blueprint.name] {
                graph[blueprint.name] = ServiceUnit(blueprint, view: view)
            } else {
                mirror(blueprint)
                graph[blueprint.name]?.wanted = true
            }
        }
        pruneReplicaRecords()
        recordEnvironmentState()
        startReadyServices()
        notifyChange()
        return applied
    }

    /// Takes `blueprint` as what its unit runs from, keeping its replicas.
    func adopt(_ blueprint: UnitBlueprint) async {
        await graph[blueprint.name]?.set.adopt(blueprint)
        mirror(blueprint)
    }

    private func mirror(_ blueprint: UnitBlueprint) {
        graph[blueprint.name]?.service = blueprint.service
        graph[blueprint.name]?.kind = blueprint.kind
        graph[blueprint.name]?.fingerprint = blueprint.fingerprint
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
            if let set = graph[name]?.set { Task { await set.start() } }
        }
    }

    /// Stops the given units, dependents before their dependencies, each within its stop_timeout;
    /// no further wave once `continuing` says no.
    func stop(services names: Set<String>, while continuing: @Sendable () async -> Bool = { true }) async {
        guard !names.isEmpty else { return }
        for wave in graph.plan.stopWaves {
            guard await continuing() else { return }
            let targets = wave.filter { names.contains($0) && graph[$0] != nil }
            for name in targets {
                graph[name]?.blocked = nil
                graph[name]?.wanted = false
                await graph[name]?.set.stop()
            }
            await waitUntil { targets.allSatisfy { self.graph[$0]?.isSettled ?? true } }
            for name in targets {
                graph[name]?.started = false
                await graph[name]?.set.quiesce()
            }
        }
    }

    /// Stops every unit, in reverse dependency order.
    /// - Returns: whether any was running or meant to.
    func stopAll() async -> Bool {
        let active = graph.units.values.contains { $0.wanted || !$0.isSettled }
        await stop(services: Set(graph.units.keys))
        return active
    }

    /// Stops the units, then starts them again once their dependencies are ready.
    func restartInPlace(_ names: Set<String>) async {
        await stop(services: names)
        for name in names { graph[name]?.wanted = true }
        startReadyServices()
    }

    // MARK: Pause and sleep

    /// Freezes every started unit, dependents first, its kind readied for it first (Postgres: a
    /// CHECKPOINT); no further unit once `continuing` says no.
    /// - Returns: whether it went through.
    func pauseUnits(while continuing: @Sendable () async -> Bool) async -> Bool {
        for wave in graph.plan.stopWaves {
            for name in wave {
                guard await continuing() else { return false }
                guard let unit = graph[name], unit.started else { continue }
                await unit.set.pause()
            }
        }
        return true
    }

    /// Thaws every unit, dependencies first.
    func resumeUnits() async {
        for wave in graph.plan.stopWaves.reversed() {
            for name in wave { await graph[name]?.set.resume() }
        }
    }

    /// Ends every unit, dependents first, as `stop` does; the environment then reads as asleep.
    /// - Returns: whether it went through.
    func sleepUnits(while continuing: @Sendable () async -> Bool) async -> Bool {
        guard await continuing() else { return false }
        asleep = true
        await stop(services: Set(graph.units.keys), while: continuing)
        return await continuing()
    }

    /// Starts every unit again in dependency order.
    func wakeUnits() {
        asleep = false
        for name in graph.units.keys { graph[name]?.wanted = true }
        startReadyServices()
        notifyChange()
    }
}
