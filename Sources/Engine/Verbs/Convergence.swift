import Foundation
import Manifest
import Supervisor

/// Brings the units in line with a manifest's blueprints, through the engine: removed units
/// stopped and forgotten, changed ones replaced (or left to roll, `RollingRestart`), resized ones
/// scaled in place (`Resizing`), new ones made and started once their dependencies are ready,
/// the rest untouched.
struct Convergence {
    let units: UnitEngine

    /// What `apply` leaves to the environment: units to roll out replica by replica (with what
    /// each ran before, kept again when its rollout stops), and why some were replaced in place.
    struct Applied: Sendable {
        var rolled: [String] = []
        var previous: [String: UnitBlueprint] = [:]
        var notes: [String] = []
    }

    func apply(_ blueprints: [UnitBlueprint], plan: DependencyPlan, launchPlan: LaunchPlan, ports: [String: [Int?]]) async -> Applied {
        let graph = await units.graph
        let changes = UnitChanges(from: graph, to: blueprints, in: launchPlan.environment)
        var applied = Applied(rolled: changes.rolled, notes: changes.notes)
        for name in changes.rolled { applied.previous[name] = graph[name].map(UnitBlueprint.init(running:)) }

        await units.stop(services: Set(changes.removed + changes.replaced))
        await units.remove(changes.removed)
        for service in changes.resized { await Resizing(units: units).resize(service, ports: ports[service.name] ?? []) }
        // New replica sets, and what kept ones run from; then the graph changes at once.
        var fresh: [String: UnitView] = [:]
        for blueprint in blueprints {
            if let unit = await units.unit(blueprint.name), !changes.replaced.contains(blueprint.name) {
                await unit.set.adopt(blueprint)  // a rolled unit's replicas are replaced by its rollout
            } else {
                let unitPorts = ports[blueprint.name] ?? []
                fresh[blueprint.name] = await units.makeSet(blueprint, ports: (0..<blueprint.service.replicas).map { unitPorts[safe: $0] ?? nil })
            }
        }
        await units.install(blueprints, fresh: fresh, plan: plan, launchPlan: launchPlan)
        return applied
    }
}
