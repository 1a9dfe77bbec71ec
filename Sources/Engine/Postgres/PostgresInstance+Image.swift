import Foundation
import Manifest
import Postgres
import Supervisor

#if canImport(Glibc)
import Glibc
#endif

extension PostgresInstance {
    /// The environment's Postgres from `spec.image`, run by `cli`: its data under
    /// `.devenv/<env>/postgres/data`, made by the image's own initdb on the first start and handed
    /// over to the image's `postgres` user; the superuser's password kept beside it, as for a
    /// local cluster, so roles, databases, seeds and snapshots go the same way (loopback TCP).
    /// - Throws: `ConvergeError` naming `postgres.image`.
    static func preparedFromImage(project: Project, environment: String, spec: PostgresSpec, port: Int,
                                  cli: ContainerCLI) async throws -> PostgresInstance {
        guard let image = spec.image else { throw ConvergeError("postgres.image: not set") }
        let cluster = PostgresCluster(directory: project.path(".devenv/\(environment)/postgres"),
                                      installation: PostgresInstallation(version: "image", binDirectory: ""))
        do {
            _ = try cluster.prepareForImage()
            let asked = await cli.run(["run", "--rm", "--pull", "never", "--network", "none", "--entrypoint", "id",
                                       image, "-u", "postgres"])
            let uid = asked.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            guard asked.succeeded, Int(uid) != nil else {
                throw ConvergeError("postgres.image: the image \(image) has no user postgres to run the server as "
                    + "(`id -u postgres` in it: \(asked.failure))")
            }
            if !FileManager.default.fileExists(atPath: cluster.dataDirectory + "/PG_VERSION") {
                try await cli.handOver(cluster.dataDirectory, to: "\(uid):\(uid)")
            }
            var instance = PostgresInstance(project: project, environment: environment, spec: spec, cluster: cluster, port: port)
            instance.container = (image, uid)
            return instance
        } catch let error as ConvergeError {
            throw error
        } catch {
            throw ConvergeError("postgres.image: \(error)")
        }
    }

    /// The server as a container: the image's initdb on the first start, then Postgres on
    /// 127.0.0.1, its data mounted from the cluster directory.
    func containerSpec(_ image: String, uid: String, logPath: String) -> ProcessSpec {
        let password = cluster.superuserPassword() ?? ""
        let container = ContainerSpec(
            image: image, command: PostgresCluster.imageCommand(settings: spec.settings),
            environment: ["PORT": String(port), "DEVENV_SUPERUSER_PASSWORD": password, "LC_ALL": "C"],
            user: "\(uid):\(uid)",
            mounts: [ContainerMount(source: cluster.dataDirectory, target: PostgresCluster.imageDataPath)],
            labels: ContainerLabels(root: project.root, environment: environment, service: UnitCatalog.databaseName, replica: 0),
            stopSignal: SIGINT, stopTimeout: .seconds(30))
        return .container(container, logPath: logPath, workingDirectory: project.root)
    }
}
