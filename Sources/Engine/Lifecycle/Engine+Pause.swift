import Foundation
import Manifest

extension Engine {
    /// Freezes every process of the running environment `name`.
    public func pause(_ name: String) throws -> StatusSnapshot {
        let client = try runningDaemon(name)
        try Self.check(try client.request("POST", "/pause"))
        return try Self.decode(StatusSnapshot.self, from: try client.request("GET", "/status"))
    }

    /// Thaws the environment `name` and returns once all is healthy again.
    /// - Throws: `UpFailure` when a service does not come back within `timeout`.
    public func resume(_ name: String, variables: [String: String], timeout: Duration,
                       progress: (StatusSnapshot) -> Void) throws -> StatusSnapshot {
        let environment = try ManifestLoader(project: project, processEnvironment: variables).load(name)
        let client = try runningDaemon(name)
        try Self.check(try client.request("POST", "/resume"))
        return try waitUntilReady(name, environment: environment, client: client, timeout: timeout, progress: progress)
    }
}
