import Logging
import Manifest
import State
import Supervisor

#if canImport(Glibc)
import Glibc
#endif

/// A service of the manifest with an `image:`, its replicas run as containers by the container
/// runtime, on the host network: `$PORT`, health checks and the router work as for processes.
struct ContainerUnitKind: UnitKind {
    let service: Manifest.Service
    let image: String
    let probes: ProbeFactory

    func launchSpec(for key: ReplicaKey, port: Int?, plan: LaunchPlan) throws -> ProcessSpec {
        let command = try plan.argv(of: service) ?? []  // none: the image's own
        // The container's own environment: the manifest's variables, never the host's (its PATH
        // would hide the image's).
        let variables = try plan.withoutBaseEnvironment.variables(for: service, port: port, index: key.index)
        let container = ContainerSpec(
            image: image, command: command, environment: variables,
            workingDirectory: try workingDirectory(),
            labels: ContainerLabels(root: plan.project.root, environment: plan.environment.name, service: service.name,
                                    replica: key.index),
            stopSignal: ExitStatus.signalNumber(named: service.stopSignal) ?? SIGTERM,
            stopTimeout: service.stopTimeout)
        return .container(container, logPath: plan.logPath(for: key), workingDirectory: plan.project.root)
    }

    /// `cwd` is a directory in the image: absolute, or the image's own when left at `.`.
    private func workingDirectory() throws -> String? {
        if service.cwd == "." { return nil }
        guard service.cwd.hasPrefix("/") else {
            throw LaunchError("services.\(service.name).cwd: '\(service.cwd)' is a path in the image \(image): write it absolute")
        }
        return service.cwd
    }

    func probe(for key: ReplicaKey, port: Int?, plan: LaunchPlan) -> (any HealthProbe)? {
        ProcessUnitKind(service: service, probes: probes).probe(for: key, port: port, plan: plan)
    }

    func readying(state: StateStore, logger: Logger) -> (@Sendable () throws -> UnitFacts)? { nil }

    func beforePause(state: StateStore, logger: Logger) -> (@Sendable () -> Void)? { nil }

    func report(_ unit: UnitReport, into snapshot: inout StatusSnapshot) {
        ProcessUnitKind(service: service, probes: probes).report(unit, into: &snapshot)
    }
}
