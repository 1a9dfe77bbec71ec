import Logging
import Manifest
import Postgres
import State
import Supervisor

/// What sets one kind of unit apart.
///
/// A unit is anything the environment runs: a service's replica set as local processes, the
/// environment's Postgres, and (with their issue) containers. The engine drives every unit
/// through the same replica machinery — start in dependency order, probe, restart by policy,
/// stop in reverse order — and asks its kind only these questions, never its name. A new kind is
/// a new conformance (and, for containers, a runtime); a new verb is added to the machinery once.
protocol UnitKind: Sendable {
    /// The process that runs replica `key` on `port`.
    func launchSpec(for key: ReplicaKey, port: Int?, plan: LaunchPlan) throws -> ProcessSpec

    /// The probe of replica `key`'s health, nil when it has none.
    func probe(for key: ReplicaKey, port: Int?, plan: LaunchPlan) -> (any HealthProbe)?

    /// Work to do once the unit is first healthy, before its dependents may start (Postgres:
    /// roles, databases, seeds), run off the engine's actor; nil when there is none.
    func readying(state: StateStore, logger: Logger) -> (@Sendable () throws -> UnitFacts)?

    /// Work to do before the unit is frozen (Postgres: a CHECKPOINT, so little is left to write
    /// on resume or after a crash while paused), run off the engine's actor; nil when none.
    func beforePause(state: StateStore, logger: Logger) -> (@Sendable () -> Void)?

    /// The unit's part of `status --json`.
    func report(_ unit: UnitReport, into snapshot: inout StatusSnapshot)
}

/// What a unit's readying adds to what `${…}` references resolve to.
struct UnitFacts: Sendable {
    var databases: [String: DatabaseCredentials] = [:]
    /// Work for later, once the dependents have started, off every path that waits (Postgres:
    /// copying each seeded database for the next `seed --reset`).
    var afterward: (@Sendable () -> Void)?
}

/// A unit as `status` shows it: its replicas' entries, and whether it is ready for dependents.
struct UnitReport {
    var name: String
    var kind: String
    var replicas: [StatusSnapshot.ReplicaEntry]
    /// Its readying is done (always, for a kind that has none).
    var ready: Bool
    /// Why it cannot start or get ready, when so.
    var blocked: String?
    /// Why its first replica could not be launched, when so.
    var launchFailure: String?
}
