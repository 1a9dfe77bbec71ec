import Foundation
import Manifest
import State
import Supervisor

extension UnitEngine {
    /// Forgets units no longer in the manifest (stopped), and their rows.
    func remove(_ names: [String]) {
        guard !names.isEmpty else { return }
        journal.flushNow()  // no queued write may bring a deleted row back
        for name in names {
            graph[name] = nil
            journal.write("delete the records of \(name)") { try $0.deleteReplicas(environment: self.name, service: name) }
            journal.record("removed", service: name, "\(name) is no longer in the manifest")
        }
    }

    /// Takes the manifest's units as they now are, at once: `fresh` ones (new or replacing one)
    /// in, kept ones running from their new blueprint, and what is ready to start started.
    func install(_ blueprints: [UnitBlueprint], fresh: [String: UnitView], plan: DependencyPlan, launchPlan: LaunchPlan) {
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
            journal.record("blocked", service: name, reason)
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
            await changes.wait(until: { targets.allSatisfy { self.graph[$0]?.isSettled ?? true } })
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
