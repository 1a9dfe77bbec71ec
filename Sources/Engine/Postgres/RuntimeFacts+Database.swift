import Manifest

extension RuntimeFacts {
    /// The owner's connection URL of `database` in `environment` (its first one when nil).
    /// - Throws: `ConvergeError` when it has no such database, or Postgres is not ready yet.
    func databaseURL(_ database: String?, in environment: Environment) throws -> String {
        let name = environment.name
        guard let spec = environment.postgres else { throw ConvergeError("\(name) has no postgres: block") }
        let chosen = database ?? spec.databases.first?.name
        guard let chosen, spec.database(named: chosen) != nil else {
            throw ConvergeError("no database '\(database ?? "")' in \(name); databases: \(spec.databases.map(\.name).joined(separator: ", "))")
        }
        guard let url = resolve(.database(chosen, .url)) else {
            throw ConvergeError("postgres is not ready in \(name) yet: run devenv up \(name)")
        }
        return url
    }
}
