import Foundation
import Router
import State
import Supervisor
import Vocabulary

/// What a replica's runner tells the engine after every change: everything the engine reads of
/// a replica (its status, dependents' gates, router membership, `status`) comes from here.
struct ReplicaReport: Sendable {
    var key: ReplicaKey
    /// Counts the runner's reports: the engine keeps only the newest.
    var sequence = 0
    /// Bumped on every spawn, so work tied to one process (a unit's readying) can tell it apart.
    var generation = 0
    var status: ReplicaStatus
    var port: Int?
    /// When the current process started (its identity beside the pid), if it has one.
    var startTime: UInt64?
    /// Whether the replica has a health check (without one, a running replica serves).
    var hasHealthCheck: Bool

    init(key: ReplicaKey, status: ReplicaStatus, port: Int?, hasHealthCheck: Bool) {
        self.key = key
        self.status = status
        self.port = port
        self.hasHealthCheck = hasHealthCheck
    }

    /// Idle: not running and not about to run.
    var isSettled: Bool {
        switch status.state {
        case .stopped, .exited: return true
        case .crashed: return !status.restartPending
        case .starting, .running, .paused: return false
        }
    }

    /// Takes requests: running, and healthy where it has a health check.
    var serves: Bool {
        status.state == .running && port != nil && (!hasHealthCheck || status.health == .healthy)
    }

    /// It as the router knows it.
    var backend: Backend? {
        port.map { Backend(host: "127.0.0.1", port: $0, name: key.description) }
    }

    /// Its row in the state db.
    func record(environment: String) -> ReplicaRecord {
        ReplicaRecord(
            environment: environment, service: key.service, index: key.index,
            pid: status.pid, startTime: startTime.map { Int64($0) }, port: port,
            state: status.state, health: status.health,
            restarts: status.restarts, lastExit: status.lastExit?.description ?? status.launchFailure, updatedAt: Date())
    }
}
