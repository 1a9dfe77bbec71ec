import Manifest

/// What a converge changes: units no longer in the manifest, changed units (their fingerprint
/// differs) to replace or to roll out, and unchanged units whose replica count changed (scaled
/// in place).
struct UnitChanges {
    var removed: [String]
    /// Changed units to stop, then start anew.
    var replaced: [String]
    /// Changed units that run and roll on a change (`UpdatePolicy`): replaced replica by replica.
    var rolled: [String] = []
    var resized: [Manifest.Service]
    /// Why a changed unit that would roll is replaced in place instead.
    var notes: [String] = []

    init(from graph: UnitGraph, to blueprints: [UnitBlueprint], in target: Environment) {
        let fingerprints = Dictionary(uniqueKeysWithValues: blueprints.map { ($0.name, $0.fingerprint) })
        removed = graph.units.keys.filter { fingerprints[$0] == nil }
        let changed = graph.units.filter { name, unit in fingerprints[name].map { $0 != unit.fingerprint } ?? false }.map(\.key)
        resized = blueprints.map(\.service).filter { service in
            guard let unit = graph[service.name], unit.fingerprint == fingerprints[service.name] else { return false }
            return unit.replicas.count != service.replicas
        }
        replaced = []
        for name in changed {
            if let unit = graph[name], unit.started, let service = target.service(named: name),
               UpdatePolicy.rollsOnChange(service, in: target) {
                if let reason = UpdatePolicy.inPlaceReason(service, in: target) {
                    notes.append(reason)
                } else {
                    rolled.append(name)
                    continue
                }
            }
            replaced.append(name)
        }
    }
}
