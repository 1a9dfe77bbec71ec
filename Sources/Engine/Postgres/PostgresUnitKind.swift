import Logging
import Manifest
import Postgres
import State
import Supervisor
import Vocabulary

/// The environment's own Postgres server: one replica, launched from its cluster, probed with
/// `PQping`, and ready for its dependents only once its roles, databases and seeds are in.
struct PostgresUnitKind: UnitKind {
    let instance: PostgresInstance

    func launchSpec(for key: ReplicaKey, port: Int?, plan: LaunchPlan) throws -> ProcessSpec {
        instance.processSpec(logPath: plan.logPath(for: key))
    }

    func probe(for key: ReplicaKey, port: Int?, plan: LaunchPlan) -> (any HealthProbe)? {
        PostgresPingProbe(url: instance.superuserURL)
    }

    func readying(state: StateStore, logger: Logger) -> (@Sendable () throws -> UnitFacts)? {
        let instance = self.instance
        return {
            let credentials = try instance.provision(state: state)
            return UnitFacts(databases: credentials, afterward: { instance.prepareSpares(credentials: credentials, logger: logger) })
        }
    }

    func beforePause(state: StateStore, logger: Logger) -> (@Sendable () -> Void)? {
        let url = instance.superuserURL
        return {
            do {
                _ = try PGConnection(url: url).execute("CHECKPOINT")
            } catch {
                logger.warning("postgres: no CHECKPOINT before pausing: \(error)")
            }
        }
    }

    /// `status --json`'s `postgres` object: healthy only once ready, not merely when it answers.
    func report(_ unit: UnitReport, into snapshot: inout StatusSnapshot) {
        guard let replica = unit.replicas.first else { return }
        let health = replica.health == Health.healthy.rawValue && !unit.ready ? Health.unknown.rawValue : replica.health
        snapshot.postgres = .init(state: replica.state, port: replica.port, health: health, pid: replica.pid,
                                  restarts: replica.restarts, error: unit.blocked ?? unit.launchFailure)
    }
}
