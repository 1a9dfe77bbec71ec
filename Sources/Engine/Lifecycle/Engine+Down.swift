import Foundation
import Manifest
import Postgres
import State
import Supervisor

#if canImport(Glibc)
import Glibc
#endif

extension Engine {
    /// Stops everything of `name` in reverse dependency order; with `purge`, also deletes its data,
    /// logs and state.
    public func down(_ name: String, purge: Bool) async throws {
        try requireKnown(name)
        let paths = self.paths(name)
        guard FileManager.default.fileExists(atPath: paths.directory) || purge else { return }
        try FileManager.default.createDirectory(atPath: paths.directory, withIntermediateDirectories: true)
        let lock = try commandLock(paths)
        defer { withExtendedLifetime(lock) {} }
        let state = try openState()
        if let client = livingDaemon(name) {
            try Self.check(try client.request("POST", "/down"))
            // The daemon exits once it has answered; wait for it to release its lock.
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline, FileLock.isHeld(paths.daemonLock) {
                try await Task.sleep(for: .milliseconds(10))
            }
        } else {
            try Leftovers.clean(environment: name, state: state)
            if try state.environment(named: name) != nil {
                try state.updateEnvironment(named: name) {
                    $0.desiredState = .stopped
                    $0.observedState = .stopped
                    $0.daemonPid = nil
                    $0.daemonStartTime = nil
                }
            }
        }
        if purge {
            try state.purge(environment: name)
            try ClusterPlacement(path: paths.directory + "/postgres").purgeLinkedCluster()
            try? FileManager.default.removeItem(atPath: paths.directory)
            // A Postgres image's data belongs to the image's user: rootless podman removes it.
            if FileManager.default.fileExists(atPath: paths.directory), let cli = try? await ContainerCLI.detect() {
                try await cli.removeHandedOver(paths.directory)
            }
        }
    }

    /// Restarts one service or all of a running environment.
    /// - Returns: what was done, a line per service (rolled, or replaced in place and why).
    @discardableResult
    public func restart(_ name: String, services: [String], rolling: Bool = false) throws -> [String] {
        let client = try runningDaemon(name)
        return try Self.check(try client.request("POST", "/restart",
                                                 body: Self.encode(ControlMessages.Restart(services: services, rolling: rolling))))
    }

    /// `devenv scale`: changes each service's replica count live; kept across `down`/`up` until
    /// the manifest's own count changes.
    /// - Returns: the status once the new replicas serve and the removed ones are gone.
    public func scale(_ name: String, replicas: [String: Int]) throws -> StatusSnapshot {
        let client = try runningDaemon(name)
        try Self.check(try client.request("POST", "/scale", body: Self.encode(ControlMessages.Scale(replicas: replicas))))
        return try Self.decode(StatusSnapshot.self, from: try client.request("GET", "/status"))
    }

    /// An environment with neither a manifest nor a record is an error that lists the known ones.
    func requireKnown(_ name: String) throws {
        try Workspace(project: project).requireKnown(name)
    }
}
