import Manifest
import Supervisor
import Vocabulary

/// Names one replica of one service.
public struct ReplicaKey: Hashable, Sendable, CustomStringConvertible {
    public var service: String
    public var index: Int

    public var description: String { "\(service).\(index)" }
}

/// One replica as the engine holds it: its runner, and the runner's last report.
struct ReplicaSlot: Sendable {
    let runner: ReplicaRunner
    var view: ReplicaReport
    /// Out of rotation on its way out (scaled away, or replaced): it takes no new request.
    var leaving = false

    var key: ReplicaKey { view.key }
}

/// One unit as the engine holds it: its replica set, what it runs from, its replicas as the set
/// last published them, and where it stands at start-up.
struct ServiceUnit: Sendable {
    let set: ReplicaSet
    var service: Manifest.Service
    /// What kind of unit it is: how its replicas are launched and probed, and readied.
    var kind: any UnitKind
    /// Everything that, when changed, means the running replicas must be replaced.
    var fingerprint: ServiceFingerprint
    var replicas: [ReplicaSlot]
    /// Ready for its dependents: healthy and its kind's readying done (at once for a kind with none).
    var ready: Bool
    /// The sequence of the set's view kept.
    var sequence: Int
    /// Whether it should run: set by `up` and `restart`, cleared by `down` and removal.
    var wanted = true
    /// Set once its dependencies were ready and its replicas were started.
    var started = false
    /// Why it cannot start (a dependency failed), if so.
    var blocked: String?

    init(_ blueprint: UnitBlueprint, view: UnitView) {
        set = view.set
        service = blueprint.service
        kind = blueprint.kind
        fingerprint = blueprint.fingerprint
        replicas = view.replicas
        ready = view.ready
        sequence = view.sequence
    }

    var isSettled: Bool { replicas.allSatisfy(\.view.isSettled) }
}

/// What a service's running replicas were started from; when it differs from the manifest's,
/// they are replaced. Compared as values (no text rendering of the model: that goes through
/// reflection, milliseconds for a large manifest).
enum ServiceFingerprint: Equatable, Sendable {
    /// A service of the manifest (its replica count zeroed: scaling does not replace it) and
    /// the environment-wide variables it inherits.
    case service(Manifest.Service, env: [String: Template], envFile: [String: String])
    /// The environment's Postgres server.
    case database(PostgresSpec, port: Int)
}
