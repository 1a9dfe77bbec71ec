import Foundation
import Manifest

extension Engine {
    /// Starts or converges `name` and waits until every service is healthy or started and every
    /// job completed.
    /// - Parameter progress: called with each new snapshot while waiting.
    /// - Throws: `ManifestError` for a broken manifest (nothing changed), `UpFailure` naming the
    ///   failing service, `EngineError` for anything else.
    /// - Parameter notice: called with each thing the converge did differently from what one
    ///   might expect (a changed service replaced in place rather than rolled, and why).
    public func up(_ name: String, variables: [String: String], timeout: Duration,
                   notice: (String) -> Void = { _ in }, progress: (StatusSnapshot) -> Void) async throws -> StatusSnapshot {
        let environment = try ManifestLoader(project: project, processEnvironment: variables).load(name)
        let paths = self.paths(name)
        try FileManager.default.createDirectory(atPath: paths.logs, withIntermediateDirectories: true)
        let lock = try commandLock(paths)
        defer { withExtendedLifetime(lock) {} }
        let client = try DaemonLauncher(project: project, name: name).ensureRunning(converging: true)
        for line in try Self.check(try client.request("POST", "/up", body: Self.encode(ControlMessages.Up(variables: variables)))) {
            notice(line)
        }
        return try waitUntilReady(name, environment: environment, client: client, timeout: timeout, progress: progress)
    }

    /// Follows the daemon's changes until every service is healthy or started and every job
    /// completed. - Throws: `UpFailure` naming the failing service, or the one still waiting.
    func waitUntilReady(_ name: String, environment: Environment, client: ControlClient, timeout: Duration,
                        progress: (StatusSnapshot) -> Void) throws -> StatusSnapshot {
        let paths = self.paths(name)
        let deadline = ContinuousClock.now + timeout
        var last: StatusSnapshot?
        var runningSince: [String: ContinuousClock.Instant] = [:]
        var version = -1
        while true {
            // Waits in the daemon for the next change (at most 100 ms, so settle times still pass).
            let wait = ControlMessages.Wait(version: version, timeoutMilliseconds: 100)
            let answer = try Self.decode(ControlMessages.Progress.self,
                                         from: try client.request("POST", "/wait", body: Self.encode(wait)))
            version = answer.version
            let snapshot = answer.status
            if snapshot != last { progress(snapshot) }
            last = snapshot
            switch UpProgress.evaluate(snapshot, environment: environment, runningSince: &runningSince) {
            case .ready:
                return snapshot
            case .failed(let service, let replica, let reason):
                throw UpFailure(environment: name, service: service, reason: reason,
                                logTail: replica.map { LogTail.lastLines(of: paths.logs + "/\(service).\($0).log", count: 20) } ?? [])
            case .waiting(let services):
                if ContinuousClock.now >= deadline {
                    throw UpFailure(environment: name, service: services.joined(separator: ", "),
                                    reason: "not ready after \(timeout) (still starting or unhealthy)", logTail: [])
                }
            }
        }
    }

    /// Serialises `up` and `down` of one environment: a second one waits for the first.
    func commandLock(_ paths: DaemonPaths) throws -> FileLock {
        if let lock = FileLock.tryAcquire(paths.commandLock) { return lock }
        FileHandle.standardError.write(Data("devenv: another devenv command is working on this environment; waiting for it…\n".utf8))
        guard let lock = FileLock.acquire(paths.commandLock) else {
            throw EngineError("cannot lock \(paths.commandLock)")
        }
        return lock
    }
}

/// `up` could not bring a service up: which one, why, and the end of its log.
public struct UpFailure: Error, Sendable, CustomStringConvertible {
    public var environment: String
    public var service: String
    public var reason: String
    public var logTail: [String]

    public var description: String {
        var text = "\(service) failed: \(reason)"
        if !logTail.isEmpty {
            text += "\nlast \(logTail.count) log lines of \(service):\n" + logTail.map { "  \($0)" }.joined(separator: "\n")
        }
        text += "\nthe environment keeps running: see `devenv logs -e \(environment) \(service)`, fix it and run `devenv up \(environment)` again, or `devenv down \(environment)`"
        return text
    }
}
