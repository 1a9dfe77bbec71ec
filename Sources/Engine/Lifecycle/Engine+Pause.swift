import Foundation
import Manifest

extension Engine {
    /// Freezes every process of the running environment `name`.
    public func pause(_ name: String) throws -> StatusSnapshot {
        let client = try runningDaemon(name)
        try Self.check(try client.request("POST", "/pause"))
        return try Self.decode(StatusSnapshot.self, from: try client.request("GET", "/status"))
    }

    /// Ends the services and Postgres of `name`, keeping their data, its daemon and router.
    public func sleep(_ name: String) throws -> StatusSnapshot {
        let client = try runningDaemon(name)
        try Self.check(try client.request("POST", "/sleep"))
        return try Self.decode(StatusSnapshot.self, from: try client.request("GET", "/status"))
    }

    /// Brings `name` back from paused or sleeping (`resume` and `wake` each bring back either)
    /// and returns once all is healthy again.
    /// - Parameter verb: `resume` or `wake`.
    /// - Throws: `UpFailure` when a service does not come back within `timeout`.
    public func bringBack(_ name: String, verb: String, variables: [String: String], timeout: Duration,
                          progress: (StatusSnapshot) -> Void) throws -> StatusSnapshot {
        let environment = try ManifestLoader(project: project, processEnvironment: variables).load(name)
        let client = try runningDaemon(name)
        try Self.check(try client.request("POST", "/\(verb)"))
        return try waitUntilReady(name, environment: environment, client: client, timeout: timeout, progress: progress)
    }
}
