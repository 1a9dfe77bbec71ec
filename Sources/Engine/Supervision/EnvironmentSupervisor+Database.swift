import Manifest
import Supervisor

extension EnvironmentSupervisor {
    /// The environment's Postgres for `target` on the port the facts chose: the running one when
    /// unchanged, else its cluster prepared.
    func prepareDatabase(for target: Environment, facts: RuntimeFacts) async throws -> PostgresInstance? {
        guard let spec = target.postgres, let port = facts.postgresPort else { return nil }
        if let current = database, current.spec == spec, current.port == port { return current }
        if spec.image != nil {
            guard let containers = await units.runtime as? ContainerRuntime else { throw ConvergeError("postgres.image: no container runtime") }
            return try await PostgresInstance.preparedFromImage(project: project, environment: name, spec: spec, port: port,
                                                                cli: containers.cli)
        }
        return try await PostgresInstance.prepared(project: project, environment: name, spec: spec, port: port)
    }

    /// `devenv seed [--reset]`: applies the pending seeds `spec` (the manifest's `postgres` as it
    /// is now) lists, or restores each database's seeded snapshot first.
    /// - Throws: `ConvergeError` when Postgres does not run, or `spec` changes more than its seed
    ///   files (a database, an owner, a setting): that is `up`'s to apply, and nothing is done.
    public func seed(reset: Bool, as spec: PostgresSpec?) async throws -> [String] {
        guard var instance = database, await units.unit(UnitCatalog.databaseName)?.ready == true else {
            throw ConvergeError("postgres is not running in \(name): run devenv up \(name) first")
        }
        guard let spec, spec.withoutSeeds == instance.spec.withoutSeeds else {
            throw ConvergeError("the manifest's postgres section changed beyond its seed files since \(name) was brought up; "
                + "run devenv up \(name) to apply it (it applies pending seeds too)")
        }
        instance.spec = spec
        let credentials = await units.facts.databases
        let lines = try await instance.seedAll(credentials: credentials, state: state, reset: reset)
        record("seed", service: UnitCatalog.databaseName, reset ? "databases reset to their seeded state" : "pending seeds applied")
        database?.prepareSpares(credentials: credentials, logger: logger)
        return lines
    }

    /// The owner's connection URL of `database` (the first one when nil).
    public func databaseURL(_ database: String?) async throws -> String {
        try await units.facts.databaseURL(database, in: environment)
    }
}
