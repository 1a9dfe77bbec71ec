import Manifest

/// What a converge changes: units no longer in the manifest, units whose fingerprint changed
/// (replaced), and unchanged units whose replica count changed (scaled in place).
struct UnitChanges {
    var removed: [String]
    var replaced: [String]
    var resized: [Manifest.Service]

    init(from graph: UnitGraph, to blueprints: [UnitBlueprint]) {
        let fingerprints = Dictionary(uniqueKeysWithValues: blueprints.map { ($0.name, $0.fingerprint) })
        removed = graph.units.keys.filter { fingerprints[$0] == nil }
        replaced = graph.units.filter { name, unit in fingerprints[name].map { $0 != unit.fingerprint } ?? false }.map(\.key)
        resized = blueprints.map(\.service).filter { service in
            guard let unit = graph[service.name], unit.fingerprint == fingerprints[service.name] else { return false }
            return unit.replicas.count != service.replicas
        }
    }
}
