import Foundation
import Supervisor

extension EnvironmentSupervisor {
    /// Runs a unit's readying once its replica `key` is first healthy (Postgres: roles, databases,
    /// seeds), off the actor; its dependents start only after it. A unit whose kind has none is
    /// ready from the start.
    func ready(_ key: ReplicaKey, generation: Int) {
        guard let unit = graph[key.service], !unit.ready, let work = unit.kind.readying(state: state, logger: logger) else { return }
        record("provisioning", service: key.service, "\(key.service) answers; readying it for its dependents")
        Task {
            let result = await Task.detached { Result { try work() } }.value
            self.finishReadying(key, result, generation: generation)
        }
    }

    /// How long after a unit is ready its `afterward` work starts: after its dependents' start.
    static let afterwardDelay: Duration = .seconds(2)

    private func finishReadying(_ key: ReplicaKey, _ result: Result<UnitFacts, any Error>, generation: Int) {
        guard graph.slot(key)?.view.generation == generation else { return }
        switch result {
        case .success(let added):
            for (database, credential) in added.databases {
                facts.databases[database] = credential
            }
            graph[key.service]?.ready = true
            record("ready", service: key.service, "\(key.service) is ready: \(added.databases.keys.sorted().joined(separator: ", "))")
            // Off the start-up path: the dependents start now, and what follows (copying a
            // database for the next reset) competes with them for the disk and both cores.
            if let afterward = added.afterward {
                Task {
                    try? await Task.sleep(for: Self.afterwardDelay)
                    afterward()
                }
            }
        case .failure(let error):
            graph[key.service]?.blocked = "\(error)"
            record("blocked", service: key.service, "\(error)")
        }
        changed(key.service)
    }
}
