import Foundation
import Manifest

extension Engine {
    /// Applies pending seeds, or restores every database's seeded state first (`reset`).
    /// - Returns: one line per seed file.
    public func seed(_ name: String, reset: Bool) throws -> [String] {
        let client = try runningDaemon(name)
        let response = try client.request("POST", "/seed", body: Self.encode(ControlMessages.Seed(reset: reset)))
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

    func runningDaemon(_ name: String) throws -> ControlClient {
        try requireKnown(name)
        guard let client = livingDaemon(name) else {
            throw EngineError("\(name) is not running: run `devenv up \(name)` first")
        }
        return client
    }
}
