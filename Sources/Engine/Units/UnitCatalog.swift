import Manifest
import Supervisor

/// A unit the manifest asks for: what it is called, how its replicas live (restart policy, stop
/// signal, health timing: `service`), what kind it is, and what, when changed, replaces it.
struct UnitBlueprint: Sendable {
    var service: Manifest.Service
    var kind: any UnitKind
    var fingerprint: ServiceFingerprint

    init(service: Manifest.Service, kind: any UnitKind, fingerprint: ServiceFingerprint) {
        self.service = service
        self.kind = kind
        self.fingerprint = fingerprint
    }

    /// What `unit` runs from now.
    init(running unit: ServiceUnit) {
        self.init(service: unit.service, kind: unit.kind, fingerprint: unit.fingerprint)
    }

    var name: String { service.name }
}

/// Reads the units out of a manifest: its `postgres:` section and its services. The one place
/// that knows which section makes which kind of unit; the engine only walks what it returns.
enum UnitCatalog {
    /// The unit of the environment's Postgres: `postgres`, a reserved name in `depends_on`.
    static let databaseName = "postgres"

    /// Every unit of `environment`, Postgres first, then the services in manifest order.
    static func blueprints(for environment: Environment, database: PostgresInstance?, probes: ProbeFactory) -> [UnitBlueprint] {
        var blueprints: [UnitBlueprint] = []
        if let database {
            blueprints.append(UnitBlueprint(service: databaseService(database.spec, port: database.port),
                                            kind: PostgresUnitKind(instance: database),
                                            fingerprint: .database(database.spec, port: database.port)))
        }
        for service in environment.services {
            var unchanging = service
            unchanging.replicas = 0  // a replica count change scales; it does not replace the service
            unchanging.update = nil  // how it is replaced is no reason to replace it
            let kind: any UnitKind = service.image.map { ContainerUnitKind(service: service, image: $0, probes: probes) }
                ?? ProcessUnitKind(service: service, probes: probes)
            blueprints.append(UnitBlueprint(
                service: service, kind: kind,
                fingerprint: .service(unchanging, env: environment.env, envFile: environment.envFileValues)))
        }
        return blueprints
    }

    /// How the Postgres unit's replica lives: restarted on failure, stopped last with a fast
    /// shutdown (SIGINT), given a minute to start.
    static func databaseService(_ spec: PostgresSpec, port: Int) -> Manifest.Service {
        Manifest.Service(
            name: databaseName, kind: .service,
            command: nil,  // the cluster gives the server's command line
            port: .fixed(port), replicas: 1,
            health: HealthCheck(probe: .tcp, interval: .seconds(1), timeout: .seconds(2), retries: 3, startPeriod: .seconds(60)),
            restart: .onFailure, stopSignal: "INT", stopTimeout: .seconds(30))
    }

    /// The units' start order: `depends_on`, and Postgres before every service that reads
    /// `${postgres.…}`, said or not.
    static func dependencyPlan(for environment: Environment) throws -> DependencyPlan {
        var conditions: [String: [String: DependencyCondition]] = [:]
        if environment.postgres != nil { conditions[databaseName] = [:] }
        for service in environment.services {
            conditions[service.name] = [:]
            if environment.postgres != nil, usesDatabase(service, in: environment) {
                conditions[service.name]?[databaseName] = .healthy
            }
            for dependency in service.dependsOn {
                conditions[service.name]?[dependency.service] = DependencyCondition(rawValue: dependency.condition.rawValue) ?? .started
            }
        }
        do {
            return try DependencyPlan(conditions: conditions)
        } catch {
            throw ConvergeError("\(error)")
        }
    }

    static func usesDatabase(_ service: Manifest.Service, in environment: Environment) -> Bool {
        (service.templates + environment.env.values).contains { template in
            template.references.contains {
                switch $0 {
                case .postgresHost, .postgresPort, .database: return true
                default: return false
                }
            }
        }
    }
}
