import Foundation
import Manifest
import Postgres
import State

extension PostgresInstance {
    /// Applies the pending seeds of every database (or restores each one's seeded snapshot
    /// first), each database on its own thread at once, off the caller's actor.
    /// - Returns: one line per database and file, in the manifest's order.
    func seedAll(credentials: [String: DatabaseCredentials], state: StateStore, reset: Bool) async throws -> [String] {
        let instance = self
        return try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
            for (position, database) in spec.databases.enumerated() {
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
    }

    /// Finds the server binaries and prepares the cluster off the caller's actor (it may run
    /// initdb or copy a template).
    /// - Throws: `ConvergeError` naming `postgres`.
    static func prepared(project: Project, environment: String, spec: PostgresSpec, port: Int) async throws -> PostgresInstance {
        do {
            return try await Task.detached { try prepare(project: project, environment: environment, spec: spec, port: port) }.value
        } catch {
            throw ConvergeError("postgres: \(error)")
        }
    }
}

extension PostgresSpec {
    /// The spec without its seed files: what `seed` may not change.
    var withoutSeeds: PostgresSpec {
        var bare = self
        bare.databases = databases.map { Database(name: $0.name, owner: $0.owner) }
        return bare
    }
}
