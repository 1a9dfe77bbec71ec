import Foundation
import Logging
import Manifest
import Postgres
import State
import Supervisor

/// The environment's own Postgres as the supervisor runs it: the cluster on disk, its port and
/// server command, and provisioning (roles, databases, seeds) once it answers.
struct PostgresInstance: Sendable {
    let project: Project
    let environment: String
    var spec: PostgresSpec
    let cluster: PostgresCluster
    let port: Int
    /// Where the server runs from an image (`postgres.image`): the image, and the uid its
    /// `postgres` user has there. Nil: the host's own server binaries.
    var container: (image: String, uid: String)?

    /// Finds the server binaries and makes sure the cluster exists (copied from the per-version
    /// template, made once). Blocking: call off the actor's hot path.
    static func prepare(project: Project, environment: String, spec: PostgresSpec, port: Int) throws -> PostgresInstance {
        let installation = try PostgresInstallation.find(version: spec.version)
        let directory = try ClusterPlacement(path: project.path(".devenv/\(environment)/postgres")).resolve()
        let cluster = PostgresCluster(directory: directory, installation: installation)
        _ = try cluster.prepare(templateCache: templateCache(version: installation.version))
        return PostgresInstance(project: project, environment: environment, spec: spec, cluster: cluster, port: port)
    }

    /// `$XDG_CACHE_HOME/devenv/postgres-<version>-template`, else under `~/.cache`.
    static func templateCache(version: String) -> String {
        let variables = ProcessInfo.processInfo.environment
        let base = variables["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((variables["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()) + "/.cache")
        return base + "/devenv/postgres-\(version)-template"
    }

    func processSpec(logPath: String) -> ProcessSpec {
        if let container { return containerSpec(container.image, uid: container.uid, logPath: logPath) }
        let command = cluster.serverCommand(port: port, settings: spec.settings)
        return ProcessSpec(argv: command.argv, environment: command.environment, workingDirectory: cluster.directory,
                           logPath: logPath, user: command.user)
    }

    var superuserURL: String { cluster.superuserURL(port: port) }

    func url(database: String, credentials: DatabaseCredentials) -> String {
        var facts = RuntimeFacts()
        facts.postgresPort = port
        facts.databases[database] = credentials
        return facts.resolve(.database(database, .url)) ?? ""
    }

    /// Creates the roles and databases that are missing, then applies pending seeds; after a seed
    /// was applied, snapshots the database so `seed --reset` is fast.
    func provision(state: StateStore) throws -> [String: DatabaseCredentials] {
        let credentials = try cluster.ensureDatabases(
            port: port, spec.databases.map { DatabaseSpec(name: $0.name, owner: $0.owner) })
        for database in spec.databases {
            guard let owner = credentials[database.name] else { continue }
            _ = try seed(database, credentials: owner, state: state, reset: false)
        }
        return credentials
    }

    /// Applies `database`'s pending seeds (after restoring its seeded snapshot when `reset`).
    func seed(_ database: Database, credentials: DatabaseCredentials, state: StateStore, reset: Bool) throws -> [SeedOutcome] {
        let seeder = seeder(database, credentials: credentials)
        let files = database.seed.map {
            Postgres.SeedFile(path: project.path($0.file), displayName: $0.file, table: $0.table)
        }
        let outcomes = reset ? try seeder.reset(reapplying: files) : try seeder.apply(files)
        for outcome in outcomes where outcome.applied {
            try state.recordSeed(SeedRecord(environment: environment, database: database.name, file: outcome.file,
                                            sha256: outcome.sha256, rows: outcome.rows, appliedAt: Date()))
            try state.appendEvent(environment: environment, service: "postgres", kind: "seed",
                                  message: "\(database.name): applied \(outcome.file) (\(outcome.rows) rows in \(ReplicaRunner.format(outcome.duration)))")
        }
        if try !files.isEmpty && (outcomes.contains(where: \.applied) || !seeder.hasSnapshot()) {
            try seeder.snapshot()
        }
        return outcomes
    }

    /// Copies `database`'s seeded snapshot into its spare, so the next `seed --reset` is two
    /// renames, and drops what the last reset swapped out. Slow (a copy of the database): run it
    /// off every path that waits.
    func prepareSpare(_ database: Database, credentials: DatabaseCredentials) throws {
        try seeder(database, credentials: credentials).prepareSpare()
    }

    /// Gets every seeded database's next `seed --reset` ready in the background, each on its own
    /// thread (a copy of the database: not on Swift's cooperative pool, not on anyone's path).
    /// The seeder serialises it with resets and snapshots of the same database; a failure (the
    /// server stopping under it, say) only means the next reset copies the snapshot itself.
    func prepareSpares(credentials: [String: DatabaseCredentials], logger: Logger) {
        for database in spec.databases where !database.seed.isEmpty {
            guard let owner = credentials[database.name] else { continue }
            Thread.detachNewThread {
                do {
                    try self.prepareSpare(database, credentials: owner)
                } catch {
                    logger.warning("\(database.name): no spare copy for the next seed --reset: \(error)")
                }
            }
        }
    }

    private func seeder(_ database: Database, credentials: DatabaseCredentials) -> Seeder {
        Seeder(url: url(database: database.name, credentials: credentials),
               superuserURL: cluster.superuserURL(port: port), database: database.name)
    }
}

/// Health of the environment's Postgres: `PQping` answers that it accepts connections.
struct PostgresPingProbe: HealthProbe {
    let url: String

    func check(timeout: Duration) async -> ProbeResult {
        let seconds = max(1, Int(timeout.components.seconds))
        let target = url + (url.contains("?") ? "&" : "?") + "connect_timeout=\(seconds)"
        let result = await Task.detached { PGConnection.ping(url: target) }.value
        switch result {
        case .ok: return .healthy
        default: return .unhealthy(reason: "postgres does not accept connections yet (\(result))")
        }
    }
}
