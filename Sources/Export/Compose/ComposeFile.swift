import Foundation
import Manifest

/// The services of one compose export as they are built, with what did not carry over.
struct ComposeFile {
    let environment: Environment
    let projectDirectory: String
    private(set) var warnings: [String] = []

    init(environment: Environment, projectDirectory: String) {
        self.environment = environment
        self.projectDirectory = projectDirectory
        if let router = environment.router, !router.routes.isEmpty {
            let routes = router.routes.map { "\($0.path) → \($0.service)" }.joined(separator: ", ")
            warnings.append("router: compose has no path router: the routes (\(routes)) are not exported; services publish only fixed ports")
        }
        if environment.schedule != nil {
            warnings.append("schedule: compose has no scheduler: the awake windows, holidays and cron actions are not exported")
        }
    }

    func service(_ service: Service, image: String) -> YAMLValue {
        var values = environment.env.merging(service.env) { $1 }
        let port = ServicePorts.port(of: service)
        if let port, values["PORT"] == nil { values["PORT"] = Template(literal: String(port)) }
        var command: YAMLValue?
        switch service.command {
        case .argv(let arguments)?: command = .list(arguments.map { .string(text($0)) })
        case .shell(let script)?: command = ["/bin/sh", "-c", .string(text(script))]
        case nil: command = nil
        }
        var published: YAMLValue?, exposed: YAMLValue?
        if let port {
            if service.port?.fixedValue != nil, service.replicas <= 1 { published = [.string("\(port):\(port)")] } else { exposed = [.string(String(port))] }
        }
        return [
            "image": .string(Self.escaped(image)),
            "command": command,
            "environment": YAMLValue.sorted(values.mapValues { .string(text($0)) }).nonEmpty,
            "env_file": environment.envFile.map { [.string(path($0))] },
            "ports": published,
            "expose": exposed,
            "healthcheck": service.health.map { healthcheck($0, port: port ?? ServicePorts.auto) },
            "depends_on": dependencies(service).nonEmpty,
            "restart": .string(service.kind == .job && service.restart == .always ? "on-failure" : service.restart.rawValue),
            "deploy": deploy(service),
            "stop_signal": service.stopSignal == "TERM" ? nil : .string(ServicePorts.signalName(service.stopSignal)),
            "stop_grace_period": .string(DurationText.format(service.stopTimeout)),
        ]
    }

    /// `deploy:` where it says anything: the replica count, and `update:` as the order in which
    /// compose replaces a container (start-first: the new one before the old one stops).
    private func deploy(_ service: Service) -> YAMLValue? {
        let order: YAMLValue? = service.update.map { $0 == .rolling ? "start-first" : "stop-first" }
        let value: YAMLValue = [
            "replicas": service.replicas == 1 ? nil : .int(service.replicas),
            "update_config": order.map { ["order": $0] },
        ]
        return value.nonEmpty
    }

    /// `postgres` and `postgres-seed`.
    func postgres(_ postgres: PostgresSpec) -> [YAMLValue.Entry] {
        let image = PostgresImage.name(postgres)
        let server: YAMLValue = [
            "image": .string(image),
            "command": postgres.settings.isEmpty ? nil : .list((["postgres"] + PostgresImage.arguments(postgres)).map { .string($0) }),
            "environment": ["POSTGRES_PASSWORD": .string(variable(SeedScript.superuserPassword))],
            "ports": postgres.port.fixedValue.map { [.string("\($0):\(ServicePorts.postgres)")] },
            "volumes": ["postgres-data:/var/lib/postgresql/data"],
            "healthcheck": ["test": ["CMD", "pg_isready", "-U", "postgres"], "interval": "2s", "timeout": "2s", "retries": 30],
            "restart": "always",
        ]
        var environment: [String: YAMLValue] = [
            "PGHOST": "postgres", "PGUSER": "postgres", "PGPASSWORD": .string(variable(SeedScript.superuserPassword)),
        ]
        for database in postgres.databases {
            let key = SeedScript.password(of: database)
            environment[key.variableName] = .string(variable(key))
        }
        let mounts = SeedScript.files(of: postgres).map { YAMLValue.string("\(path($0.seed.file)):/seed/\($0.key):ro") }
        let seed: YAMLValue = [
            "image": .string(image),
            "command": ["/bin/sh", "-c", .string(Self.escaped(SeedScript.text(postgres, directory: "/seed")))],
            "environment": YAMLValue.sorted(environment),
            "volumes": YAMLValue.list(mounts).nonEmpty,
            "depends_on": ["postgres": ["condition": "service_healthy"]],
            "restart": "no",
        ]
        return [.init(KubernetesNames.postgres, server), .init(KubernetesNames.seed, seed)]
    }

    private func dependencies(_ service: Service) -> YAMLValue {
        var entries: [YAMLValue.Entry] = []
        for dependency in service.dependsOn {
            let condition: String
            switch dependency.condition {
            case .started: condition = "service_started"
            case .healthy: condition = "service_healthy"
            case .completed: condition = "service_completed_successfully"
            }
            entries.append(.init(dependency.service, ["condition": .string(condition)]))
            if dependency.service == KubernetesNames.postgres {
                // devenv's Postgres is healthy once seeded: here that is the seed service's exit.
                entries.append(.init(KubernetesNames.seed, ["condition": "service_completed_successfully"]))
            }
        }
        return .map(entries)
    }

    private func healthcheck(_ health: HealthCheck, port: Int) -> YAMLValue {
        let test: String
        switch health.probe {
        case .http(let path):
            let url = "http://localhost:\(port)\(path)"
            test = "curl -fsS -o /dev/null \(url) || wget -q -O /dev/null \(url)"
        case .tcp: test = "nc -z localhost \(port)"
        case .command(let script): test = text(script)
        }
        return [
            "test": ["CMD-SHELL", .string(Self.escaped(test))],
            "interval": .string(DurationText.format(health.interval)),
            "timeout": .string(DurationText.format(health.timeout)),
            "retries": .int(health.retries),
            "start_period": health.startPeriod > .zero ? .string(DurationText.format(health.startPeriod)) : nil,
        ]
    }

    // MARK: Values

    /// A manifest string for compose: `$` doubled, passwords and unset variables as compose's own
    /// required variables.
    private func text(_ template: Template) -> String {
        ValuePart.parts(of: template, resolve: resolve).map { part in
            switch part {
            case .literal(let text): return Self.escaped(text)
            case .secret(let key): return variable(key)
            case .variable(let name): return "${\(name):?\(name) is not set}"
            }
        }.joined()
    }

    private func resolve(_ reference: Reference) -> [ValuePart] {
        switch reference {
        case .postgresHost: return [.literal(KubernetesNames.postgres)]
        case .postgresPort: return [.literal(String(ServicePorts.postgres))]
        case .database(let name, let field):
            let owner = environment.postgres?.database(named: name)?.owner ?? name
            let password = SecretKey(secret: KubernetesNames.postgresSecret(database: name), key: "password")
            switch field {
            case .url:
                return [.literal("postgresql://\(owner):"), .secret(password), .literal("@\(KubernetesNames.postgres):\(ServicePorts.postgres)/\(name)")]
            case .password: return [.secret(password)]
            case .user: return [.literal(owner)]
            case .name: return [.literal(name)]
            }
        case .routerURL, .routerHost, .routerPort:
            let port = String(environment.router?.port.fixedValue ?? ServicePorts.auto)
            switch reference {
            case .routerHost: return [.literal("localhost")]
            case .routerPort: return [.literal(port)]
            default: return [.literal("http://localhost:\(port)")]
            }
        case .service(let name, let field):
            let port = environment.service(named: name).flatMap(ServicePorts.port(of:)) ?? 80
            switch field {
            case .host: return [.literal(name)]
            case .port: return [.literal(String(port))]
            case .url: return [.literal("http://\(name):\(port)")]
            }
        }
    }

    /// The compose variable for a secret: `POSTGRES_APP_PASSWORD`, required.
    private func variable(_ key: SecretKey) -> String {
        let name = String(key.variableName.dropFirst("DEVENV_".count))
        return "${\(name):?set \(name)}"
    }

    private func path(_ relative: String) -> String {
        if relative.hasPrefix("/") { return relative }
        return projectDirectory == "." ? "./\(relative)" : "\(projectDirectory)/\(relative)"
    }

    /// Text with `$` doubled, so compose does not read it as a variable.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "$", with: "$$")
    }
}
