import Foundation
import Logging
import Manifest
import Postgres
import State
import Supervisor

extension EnvironmentSupervisor {
    /// The environment's Postgres for `target` on the port the facts chose: the running one when
    /// unchanged, else its cluster prepared (off the actor: it may run initdb or copy a template).
    func prepareDatabase(for target: Environment, facts: RuntimeFacts) async throws -> PostgresInstance? {
        guard let spec = target.postgres, let port = facts.postgresPort else { return nil }
        if let current = database, current.spec == spec, current.port == port { return current }
        let project = self.project, name = self.name
        do {
            return try await Task.detached { try PostgresInstance.prepare(project: project, environment: name, spec: spec, port: port) }.value
        } catch {
            throw ConvergeError("postgres: \(error)")
        }
    }

    /// `devenv seed [--reset]`: applies the pending seeds `spec` (the manifest's `postgres` as it
    /// is now) lists, or restores each database's seeded snapshot first.
    /// - Throws: `ConvergeError` when Postgres does not run, or `spec` changes more than its seed
    ///   files (a database, an owner, a setting): that is `up`'s to apply, and nothing is done.
    public func seed(reset: Bool, as spec: PostgresSpec?) async throws -> [String] {
        guard let running = database, services[UnitCatalog.databaseName]?.ready == true else {
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
        record("seed", service: UnitCatalog.databaseName, reset ? "databases reset to their seeded state" : "pending seeds applied")
        prepareSpares()
        return lines
    }

    private static func withoutSeeds(_ spec: PostgresSpec) -> PostgresSpec {
        var bare = spec
        bare.databases = spec.databases.map { Database(name: $0.name, owner: $0.owner) }
        return bare
    }

    /// Gets every seeded database's next `seed --reset` ready in the background.
    func prepareSpares() {
        database?.prepareSpares(credentials: facts.databases, logger: logger)
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
