import Foundation
import Logging
import Manifest
import Postgres
import Supervisor

extension EnvironmentSupervisor {
    static let postgresName = "postgres"

    /// The supervised unit that runs the environment's Postgres server: restarted on failure,
    /// stopped last with a fast shutdown (SIGINT).
    static func postgresService(_ spec: PostgresSpec, port: Int) -> Manifest.Service {
        Manifest.Service(
            name: postgresName, kind: .service,
            command: nil,  // the cluster gives the server's command line
            port: .fixed(port), replicas: 1,
            health: HealthCheck(probe: .tcp, interval: .seconds(1), timeout: .seconds(2), retries: 3, startPeriod: .seconds(60)),
            restart: .onFailure, stopSignal: "INT", stopTimeout: .seconds(30))
    }

    /// Prepares the cluster (off the actor: it may run initdb or copy a template) and the facts
    /// `${postgres.…}` reads.
    func preparePostgres(_ spec: PostgresSpec, port: Int) async throws -> PostgresInstance {
        if let current = postgres, current.spec == spec, current.port == port { return current }
        let project = self.project, name = self.name
        do {
            return try await Task.detached { try PostgresInstance.prepare(project: project, environment: name, spec: spec, port: port) }.value
        } catch {
            throw ConvergeError("postgres: \(error)")
        }
    }

    /// Runs once Postgres answers: roles, databases, seeds. Dependents start only after it.
    func provisionPostgres(generation: Int) {
        guard let instance = postgres else { return }
        let state = self.state
        record("provisioning", service: Self.postgresName, "creating roles and databases, applying seeds")
        Task {
            let result = await Task.detached { () -> Result<[String: DatabaseCredentials], any Error> in
                Result { try instance.provision(state: state) }
            }.value
            self.finishProvisioning(result, generation: generation)
        }
    }

    private func finishProvisioning(_ result: Result<[String: DatabaseCredentials], any Error>, generation: Int) {
        let key = ReplicaKey(service: Self.postgresName, index: 0)
        guard replica(key)?.generation == generation else { return }
        switch result {
        case .success(let credentials):
            for (database, credential) in credentials {
                facts.databases[database] = credential
            }
            postgresProvisioned = true
            record("ready", service: Self.postgresName, "postgres is ready: \(credentials.keys.sorted().joined(separator: ", "))")
            // Off the start-up path: the dependents start now, and copying a database competes
            // with them for the disk and both cores.
            Task {
                try? await Task.sleep(for: Self.spareDelay)
                self.prepareSpares()
            }
        case .failure(let error):
            services[Self.postgresName]?.blocked = "\(error)"
            record("blocked", service: Self.postgresName, "\(error)")
        }
        changed(key)
    }

    /// `devenv seed [--reset]`: applies the pending seeds `spec` (the manifest's `postgres` as it
    /// is now) lists, or restores each database's seeded snapshot first.
    /// - Throws: `ConvergeError` when Postgres does not run, or `spec` changes more than its seed
    ///   files (a database, an owner, a setting): that is `up`'s to apply, and nothing is done.
    public func seed(reset: Bool, as spec: PostgresSpec?) async throws -> [String] {
        guard let running = postgres, postgresProvisioned else {
            throw ConvergeError("postgres is not running in \(name): run devenv up \(name) first")
        }
        guard let spec, Self.withoutSeeds(spec) == Self.withoutSeeds(running.spec) else {
            throw ConvergeError("the manifest's postgres section changed beyond its seed files since \(name) was brought up; "
                + "run devenv up \(name) to apply it (it applies pending seeds too)")
        }
        var current = running
        current.spec = spec
        let instance = current
        let state = self.state
        let credentials = facts.databases
        // Databases are independent: each is restored and seeded on its own thread, at once.
        let lines = try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
            for (position, database) in instance.spec.databases.enumerated() {
                guard let owner = credentials[database.name] else { continue }
                group.addTask {
                    try await Task.detached { () throws -> (Int, [String]) in
                        let outcomes = try instance.seed(database, credentials: owner, state: state, reset: reset)
                        var lines = reset ? ["\(database.name): restored its seeded state"] : []
                        for outcome in outcomes {
                            lines.append("\(database.name): \(outcome.file) "
                                + (outcome.applied ? "applied (\(outcome.rows) rows)" : "already applied"))
                        }
                        return (position, lines)
                    }.value
                }
            }
            var byPosition: [(Int, [String])] = []
            for try await result in group { byPosition.append(result) }
            return byPosition.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
        record("seed", service: Self.postgresName, reset ? "databases reset to their seeded state" : "pending seeds applied")
        prepareSpares()
        return lines
    }

    private static func withoutSeeds(_ spec: PostgresSpec) -> PostgresSpec {
        var bare = spec
        bare.databases = spec.databases.map { Database(name: $0.name, owner: $0.owner) }
        return bare
    }

    /// How long after Postgres is ready its spares are prepared: after the dependents' start.
    static let spareDelay: Duration = .seconds(2)

    /// Gets every seeded database's next `seed --reset` ready in the background, each on its own
    /// thread (a copy of the database: not on Swift's cooperative pool, not on anyone's path).
    /// The seeder serialises it with resets and snapshots of the same database; a failure (the
    /// server stopping under it, say) only means the next reset copies the snapshot itself.
    func prepareSpares() {
        guard let instance = postgres else { return }
        let logger = self.logger
        for database in instance.spec.databases where !database.seed.isEmpty {
            guard let owner = facts.databases[database.name] else { continue }
            Thread.detachNewThread {
                do {
                    try instance.prepareSpare(database, credentials: owner)
                } catch {
                    logger.warning("\(database.name): no spare copy for the next seed --reset: \(error)")
                }
            }
        }
    }

    /// The owner's connection URL of `database` (the first one when nil).
    public func databaseURL(_ database: String?) throws -> String {
        guard let spec = environment.postgres else { throw ConvergeError("\(name) has no postgres: block") }
        let chosen = database ?? spec.databases.first?.name
        guard let chosen, spec.database(named: chosen) != nil else {
            throw ConvergeError("no database '\(database ?? "")' in \(name); databases: \(spec.databases.map(\.name).joined(separator: ", "))")
        }
        guard let url = facts.resolve(.database(chosen, .url)) else {
            throw ConvergeError("postgres is not ready in \(name) yet: run devenv up \(name)")
        }
        return url
    }
}
