import Manifest
import Supervisor
import Vocabulary

/// Names one replica of one service.
public struct ReplicaKey: Hashable, Sendable, CustomStringConvertible {
    public var service: String
    public var index: Int

    public var description: String { "\(service).\(index)" }
}

/// One replica as the supervisor drives it: its pure lifecycle and health state machines, plus
/// the live handles (process, timer, probe) that carry their actions out.
struct ReplicaUnit {
    let key: ReplicaKey
    var lifecycle: ReplicaLifecycle
    /// Judges its probe results; the health it reports is kept in `lifecycle.health`, the one
    /// place status, dependents and the router read it. Nil without a health check.
    var tracker: HealthTracker?
    var port: Int?
    var handle: ProcessHandle?
    /// Bumped on every spawn, so a late exit or probe result of an older process is ignored.
    var generation = 0
    var timer: Task<Void, Never>?
    var probe: Task<Void, Never>?

    init(key: ReplicaKey, lifecycle: ReplicaLifecycle, tracker: HealthTracker?, port: Int?) {
        self.key = key
        self.lifecycle = lifecycle
        self.tracker = tracker
        self.port = port
    }

    /// Idle: not running and not about to run.
    var isSettled: Bool {
        switch lifecycle.state {
        case .stopped, .exited: return true
        case .crashed: return !lifecycle.restartPending
        case .starting, .running, .paused: return false
        }
    }

    mutating func cancelTasks() {
        timer?.cancel()
        timer = nil
        probe?.cancel()
        probe = nil
    }
}

/// One unit: its manifest entry, its kind, what it was started from, and its replicas.
struct ServiceUnit {
    var service: Manifest.Service
    /// What kind of unit it is: how its replicas are launched and probed, and readied.
    var kind: any UnitKind
    /// Everything that, when changed, means the running replicas must be replaced.
    var fingerprint: ServiceFingerprint
    var replicas: [ReplicaUnit]
    /// Ready for its dependents: healthy and its kind's readying done (at once for a kind with none).
    var ready: Bool
    /// Whether it should run: set by `up` and `restart`, cleared by `down` and removal.
    var wanted = true
    /// Set once its dependencies were ready and its replicas were started.
    var started = false
    /// Why it cannot start (a dependency failed), if so.
    var blocked: String?
}

/// What a service's running replicas were started from; when it differs from the manifest's,
/// they are replaced. Compared as values (no text rendering of the model: that goes through
/// reflection, milliseconds for a large manifest).
enum ServiceFingerprint: Equatable {
    /// A service of the manifest (its replica count zeroed: scaling does not replace it) and
    /// the environment-wide variables it inherits.
    case service(Manifest.Service, env: [String: Template], envFile: [String: String])
    /// The environment's Postgres server.
    case database(PostgresSpec, port: Int)
}
