import Scheduler
import Yams

/// Writes a loaded environment back as YAML: the resolved manifest `devenv validate` prints.
///
/// Keys come in the contract's order; defaults are written out so the reader sees what will run;
/// basic-auth passwords are masked.
public enum ManifestPrinter {
    public static func yaml(_ environment: Environment) -> String {
        let header = "# environment \(environment.name): \(environment.files.joined(separator: " + "))\n"
        let body = (try? Yams.serialize(node: node(environment), width: -1, sortKeys: false)) ?? ""
        return header + body
    }

    static func node(_ environment: Environment) -> Yams.Node {
        var pairs: [(Yams.Node, Yams.Node)] = []
        if let envFile = environment.envFile { pairs.append(("env_file", string(envFile))) }
        if !environment.env.isEmpty { pairs.append(("env", env(environment.env))) }
        if let postgres = environment.postgres { pairs.append(("postgres", node(postgres))) }
        if let router = environment.router { pairs.append(("router", node(router))) }
        if !environment.services.isEmpty {
            pairs.append(("services", Yams.Node(environment.services.map { (string($0.name), node($0)) })))
        }
        if let tool = environment.containerRuntime {
            pairs.append(("containers", Yams.Node([(Yams.Node("runtime"), string(tool.rawValue))])))
        }
        if let schedule = environment.schedule { pairs.append(("schedule", node(schedule))) }
        if environment.wakeOnRequest { pairs.append(("wake_on_request", "true")) }
        if let idle = environment.idleSleep { pairs.append(("idle_sleep", string(DurationText.format(idle)))) }
        return Yams.Node(pairs)
    }

    /// The zone is written out (the machine's when the manifest names none), as is `asleep`.
    private static func node(_ schedule: Schedule) -> Yams.Node {
        var pairs: [(Yams.Node, Yams.Node)] = [("timezone", string(schedule.zoneIdentifier))]
        if !schedule.awake.isEmpty { pairs.append(("awake", Yams.Node(schedule.awake.map { string($0.text) }, .implicit, .flow))) }
        if !schedule.holidays.isEmpty {
            pairs.append(("holidays", Yams.Node(schedule.holidays.map { string($0.text) }, .implicit, .flow)))
        }
        pairs.append(("asleep", string(schedule.asleep.rawValue)))
        if !schedule.cron.isEmpty {
            pairs.append(("cron", Yams.Node(schedule.cron.map { entry in
                let fields: [(Yams.Node, Yams.Node)] = [("at", string(entry.expression.description)), ("action", string(entry.action.rawValue))]
                return Yams.Node(fields, .implicit, .flow)
            })))
        }
        return Yams.Node(pairs)
    }

    private static func node(_ postgres: PostgresSpec) -> Yams.Node {
        var pairs: [(Yams.Node, Yams.Node)] = [("port", port(postgres.port))]
        if let image = postgres.image { pairs.append(("image", string(image))) }
        if let version = postgres.version { pairs.append(("version", string(version))) }
        if !postgres.settings.isEmpty {
            pairs.append(("settings", Yams.Node(postgres.settings.sorted { $0.key < $1.key }.map { (string($0.key), string($0.value)) })))
        }
        if !postgres.databases.isEmpty {
            pairs.append(("databases", Yams.Node(postgres.databases.map { database in
                var fields: [(Yams.Node, Yams.Node)] = [("owner", string(database.owner))]
                if !database.seed.isEmpty {
                    fields.append(("seed", Yams.Node(database.seed.map { seed in
                        guard let table = seed.table else { return string(seed.file) }
                        let fields: [(Yams.Node, Yams.Node)] = [("file", string(seed.file)), ("table", string(table))]
                        return Yams.Node(fields, .implicit, .flow)
                    })))
                }
                return (string(database.name), Yams.Node(fields))
            })))
        }
        return Yams.Node(pairs)
    }

    private static func node(_ router: RouterSpec) -> Yams.Node {
        let pairs: [(Yams.Node, Yams.Node)] = [
            ("host", string(router.host)),
            ("port", port(router.port)),
            ("routes", Yams.Node(router.routes.map { route in
                var fields: [(Yams.Node, Yams.Node)] = [("path", string(route.path)), ("service", string(route.service))]
                if route.stripPrefix { fields.append(("strip_prefix", "true")) }
                if let auth = route.auth {
                    let basic: [(Yams.Node, Yams.Node)] = [("user", string(auth.user)), ("password", string("********"))]
                    let authNode: [(Yams.Node, Yams.Node)] = [("basic", Yams.Node(basic, .implicit, .flow))]
                    fields.append(("auth", Yams.Node(authNode, .implicit, .flow)))
                }
                return Yams.Node(fields, .implicit, .flow)
            })),
        ]
        return Yams.Node(pairs)
    }

    private static func node(_ service: Service) -> Yams.Node {
        var pairs: [(Yams.Node, Yams.Node)] = [("kind", string(service.kind.rawValue))]
        if let image = service.image { pairs.append(("image", string(image))) }
        switch service.command {
        case .argv(let arguments)?:
            pairs.append(("command", Yams.Node(arguments.map { string($0.description) }, .implicit, .flow)))
        case .shell(let script)?: pairs.append(("command", string(script.description)))
        case nil: break
        }
        pairs.append(("cwd", string(service.cwd)))
        if let setting = service.port { pairs.append(("port", port(setting))) }
        pairs.append(("replicas", Yams.Node(String(service.replicas))))
        if !service.env.isEmpty { pairs.append(("env", env(service.env))) }
        if !service.dependsOn.isEmpty {
            pairs.append(("depends_on", Yams.Node(service.dependsOn.map { (string($0.service), string($0.condition.rawValue)) })))
        }
        if let health = service.health { pairs.append(("health", node(health))) }
        pairs.append(("restart", string(service.restart.rawValue)))
        pairs.append(("stop_signal", string(service.stopSignal)))
        pairs.append(("stop_timeout", string(DurationText.format(service.stopTimeout))))
        if let update = service.update { pairs.append(("update", string(update.rawValue))) }
        return Yams.Node(pairs)
    }

    private static func node(_ health: HealthCheck) -> Yams.Node {
        var pairs: [(Yams.Node, Yams.Node)]
        switch health.probe {
        case .http(let path): pairs = [("http", string(path))]
        case .tcp: pairs = [("tcp", "true")]
        case .command(let script): pairs = [("command", string(script.description))]
        }
        pairs += [
            ("interval", string(DurationText.format(health.interval))),
            ("timeout", string(DurationText.format(health.timeout))),
            ("retries", Yams.Node(String(health.retries))),
            ("start_period", string(DurationText.format(health.startPeriod))),
        ]
        return Yams.Node(pairs, .implicit, .flow)
    }

    private static func env(_ values: [String: Template]) -> Yams.Node {
        Yams.Node(values.sorted { $0.key < $1.key }.map { (string($0.key), string($0.value.description)) })
    }

    private static func port(_ setting: PortSetting) -> Yams.Node {
        Yams.Node(setting.description)
    }

    /// A string scalar, quoted when YAML would otherwise read it as another type.
    private static func string(_ text: String) -> Yams.Node {
        let plainIsString = Yams.Resolver.default.resolveTag(of: Yams.Node(text)) == .str
        return Yams.Node(text, Tag(.str), plainIsString ? .any : .doubleQuoted)
    }
}
