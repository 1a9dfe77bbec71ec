import Foundation
import Manifest

extension Engine {
    /// Applies the seeds the manifest lists now that are pending, or restores every database's
    /// seeded state first (`reset`).
    /// - Parameter variables: the environment the manifest is read with, as for `up`.
    /// - Returns: one line per seed file.
    public func seed(_ name: String, reset: Bool, variables: [String: String]) throws -> [String] {
        let client = try runningDaemon(name)
        let message = ControlMessages.Seed(reset: reset, variables: variables)
        let response = try client.request("POST", "/seed", body: Self.encode(message))
        try Self.check(response)
        return try Self.decode(ControlMessages.Lines.self, from: response).lines
    }

    /// The owner's connection URL of `database` (the first database when nil).
    public func databaseURL(_ name: String, database: String?) throws -> String {
        let client = try runningDaemon(name)
        let response = try client.request("POST", "/url", body: Self.encode(ControlMessages.DatabaseURL(database: database)))
        try Self.check(response)
        return try Self.decode(ControlMessages.Lines.self, from: response).lines.first ?? ""
    }

    /// The psql command line for `database` with its password in the environment (`PGPASSWORD`,
    /// which only its user can read), never in an argv every local user can see.
    /// - Returns: `psql URL arguments…` with a URL carrying no password, and the variables to add.
    public func psqlCommand(_ name: String, database: String?, arguments: [String]) throws
        -> (argv: [String], environment: [String: String]) {
        let url = try databaseURL(name, database: database)
        guard var parts = URLComponents(string: url) else { return (["psql", url] + arguments, [:]) }
        let password = parts.password
        parts.password = nil
        return (["psql", parts.string ?? url] + arguments, password.map { ["PGPASSWORD": $0] } ?? [:])
    }

    func runningDaemon(_ name: String) throws -> ControlClient {
        try requireKnown(name)
        guard let client = livingDaemon(name) else {
            throw EngineError("\(name) is not running: run `devenv up \(name)` first")
        }
        return client
    }
}
