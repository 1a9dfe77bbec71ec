import Foundation
import Logging
import Manifest
import Supervisor

extension EnvironmentSupervisor {
    /// Gets the container runtime `target` needs, before anything changes: the tool it names (or
    /// the first that works), what a killed daemon left removed (so no replica ever runs twice),
    /// and every image checked present.
    /// - Throws: `ConvergeError` saying what to install or configure, or which image is missing
    ///   for which service and how to get it.
    func prepareContainers(for target: Environment) async throws {
        let wanted = target.containerRuntime.flatMap { ContainerCLI.Kind(rawValue: $0.rawValue) }
        let containers: ContainerRuntime
        if let current = runtime as? ContainerRuntime, wanted == nil || wanted == current.cli.kind {
            containers = current
        } else {
            let cli: ContainerCLI
            do {
                cli = try await ContainerCLI.detect(wanted)
            } catch {
                throw ConvergeError("containers: \(error)")
            }
            containers = ContainerRuntime(cli: cli, processes: (runtime as? ContainerRuntime)?.processes ?? runtime)
            runtime = containers
            await removeLeftoverContainers()
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
    }

    /// Removes every container labelled with this project and environment that no replica runs:
    /// what a killed daemon left, or what `down` stopped.
    func removeLeftoverContainers() async {
        guard let containers = runtime as? ContainerRuntime else { return }
        do {
            let removed = try await containers.removeContainers(root: project.root, environment: name)
            if !removed.isEmpty {
                record("containers", "removed \(removed.count) container(s) left behind: \(removed.map(\.name).joined(separator: ", "))")
            }
        } catch {
            logger.warning("cannot list or remove the containers left behind: \(error)")
        }
    }

    /// Each replica's own process under its shim: a container's main process on the host, or the
    /// service process the shim runs.
    func ownProcesses(underShims shims: [Int32]) -> [Int32: Int32] {
        var own = ServiceProcess.pids(underShims: shims)
        if let containers = runtime as? ContainerRuntime {
            own.merge(containers.mainProcesses(underShims: shims)) { _, container in container }
        }
        return own
    }
}
