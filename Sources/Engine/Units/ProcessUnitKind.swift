import Logging
import Manifest
import State
import Supervisor

/// A service of the manifest, its replicas run as local processes.
struct ProcessUnitKind: UnitKind {
    let service: Manifest.Service
    let probes: ProbeFactory

    func launchSpec(for key: ReplicaKey, port: Int?, plan: LaunchPlan) throws -> ProcessSpec {
        try plan.spec(for: service, key: key, port: port)
    }

    func probe(for key: ReplicaKey, port: Int?, plan: LaunchPlan) -> (any HealthProbe)? {
        guard let check = service.health else { return nil }
        let variables = (try? plan.variables(for: service, port: port, index: key.index)) ?? plan.baseEnvironment
        return probes.make(.init(check: check, port: port, environment: variables,
                                 workingDirectory: plan.project.path(service.cwd), facts: plan.facts))
    }

    func readying(state: StateStore, logger: Logger) -> (@Sendable () throws -> UnitFacts)? { nil }

    func beforePause(state: StateStore, logger: Logger) -> (@Sendable () -> Void)? { nil }

    func report(_ unit: UnitReport, into snapshot: inout StatusSnapshot) {
        snapshot.services.append(StatusSnapshot.ServiceEntry(name: unit.name, kind: unit.kind, replicas: unit.replicas,
                                                             error: unit.blocked))
    }
}
