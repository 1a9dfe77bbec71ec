import Foundation
import Logging
import Manifest
import Supervisor

/// The container runtime an environment runs images through: chosen and checked before anything
/// changes, cleared of what a killed daemon left, and asked which host process is a container's.
enum ContainerSetup {
    /// The container runtime `target` needs: `current` when it is one of the tool `target` names,
    /// else the tool it names (or the first that works) wrapping `current`; every image checked
    /// present.
    /// - Returns: the runtime, and whether it is new (what a killed daemon left is then to remove).
    /// - Throws: `ConvergeError` saying what to install or configure, or which image is missing
    ///   for which service and how to get it.
    static func runtime(for target: Environment, current: any Runtime) async throws -> (runtime: ContainerRuntime, isNew: Bool) {
        let wanted = target.containerRuntime.flatMap { ContainerCLI.Kind(rawValue: $0.rawValue) }
        let reusable = (current as? ContainerRuntime).flatMap { wanted == nil || wanted == $0.cli.kind ? $0 : nil }
        let containers: ContainerRuntime
        if let reusable {
            containers = reusable
        } else {
            let cli: ContainerCLI
            do {
                cli = try await ContainerCLI.detect(wanted)
            } catch {
                throw ConvergeError("containers: \(error)")
            }
            containers = ContainerRuntime(cli: cli, processes: (current as? ContainerRuntime)?.processes ?? current)
        }
        var images = target.services.compactMap { service in service.image.map { ("services.\(service.name).image", $0) } }
        if let image = target.postgres?.image { images.append(("postgres.image", image)) }
        for (key, image) in images {
            do {
                try await containers.checkImage(image)
            } catch {
                throw ConvergeError("\(key): \(error)")
            }
        }
        return (containers, reusable == nil)
    }

    /// Removes every container labelled with this project and environment that no replica runs:
    /// what a killed daemon left, or what `down` stopped.
    static func removeLeftovers(runtime: any Runtime, project: Project, environment: String, journal: StateJournal,
                                logger: Logger) async {
        guard let containers = runtime as? ContainerRuntime else { return }
        do {
            let removed = try await containers.removeContainers(root: project.root, environment: environment)
            if !removed.isEmpty {
                journal.record("containers", service: nil,
                               "removed \(removed.count) container(s) left behind: \(removed.map(\.name).joined(separator: ", "))")
            }
        } catch {
            logger.warning("cannot list or remove the containers left behind: \(error)")
        }
    }

    /// Each replica's own process under its shim: a container's main process on the host, or the
    /// service process the shim runs.
    static func ownProcesses(underShims shims: [Int32], runtime: any Runtime) -> [Int32: Int32] {
        var own = ServiceProcess.pids(underShims: shims)
        if let containers = runtime as? ContainerRuntime {
            own.merge(containers.mainProcesses(underShims: shims)) { _, container in container }
        }
        return own
    }
}
