/// One service (or job) of the environment.
public struct Service: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case service, job
    }

    public enum RestartPolicy: String, Hashable, Sendable, CaseIterable {
        case no
        case onFailure = "on-failure"
        case always
    }

    /// How running replicas are replaced when the service changes.
    public enum UpdateStrategy: String, Hashable, Sendable, CaseIterable {
        /// A replacement starts and is healthy before an old replica leaves: no request dropped.
        case rolling
        /// Every old replica stops, then the new ones start.
        case recreate
    }

    public var name: String
    public var kind: Kind
    /// What to run; nil only for a container service that uses its image's own command.
    public var command: Command?
    /// Relative to the project root.
    public var cwd: String
    /// One port per replica, given as `$PORT`; nil for a service that listens on none.
    public var port: PortSetting?
    public var replicas: Int
    public var env: [String: Template]
    public var dependsOn: [Dependency]
    public var health: HealthCheck?
    public var restart: RestartPolicy
    /// A signal name without the `SIG` prefix, e.g. `TERM`.
    public var stopSignal: String
    public var stopTimeout: Duration
    /// Run in a container from this image instead of as a local process.
    public var image: String?
    /// As the manifest says; nil: rolling where the service has a health check and a route.
    public var update: UpdateStrategy?

    public init(name: String, kind: Kind = .service, command: Command? = nil, cwd: String = ".",
                port: PortSetting? = nil, replicas: Int = 1, env: [String: Template] = [:],
                dependsOn: [Dependency] = [], health: HealthCheck? = nil, restart: RestartPolicy? = nil,
                stopSignal: String = "TERM", stopTimeout: Duration = .seconds(10), image: String? = nil, update: UpdateStrategy? = nil) {
        self.name = name
        self.kind = kind
        self.command = command
        self.cwd = cwd
        self.port = port
        self.replicas = replicas
        self.env = env
        self.dependsOn = dependsOn
        self.health = health
        self.restart = restart ?? (kind == .job ? .no : .onFailure)
        self.stopSignal = stopSignal
        self.stopTimeout = stopTimeout
        self.image = image
        self.update = update
    }
}

extension Service {
    /// Every template the service interpolates: its `env:` values, its command, and a command
    /// health check. (The environment-wide `env:` is not the service's own.)
    public var templates: [Template] {
        var templates = Array(env.values) + (command?.templates ?? [])
        if case .command(let script)? = health?.probe { templates.append(script) }
        return templates
    }
}

/// An argv list, or a string run by `/bin/sh -c`.
public enum Command: Hashable, Sendable {
    case argv([Template])
    case shell(Template)

    public var templates: [Template] {
        switch self {
        case .argv(let arguments): return arguments
        case .shell(let script): return [script]
        }
    }
}

/// `depends_on` entry: wait for `service` to reach `condition` before starting.
public struct Dependency: Hashable, Sendable {
    public enum Condition: String, Hashable, Sendable, CaseIterable {
        case started, healthy, completed
    }

    public var service: String
    public var condition: Condition

    public init(service: String, condition: Condition = .started) {
        self.service = service
        self.condition = condition
    }
}

/// A readiness and liveness probe.
public struct HealthCheck: Hashable, Sendable {
    public enum Probe: Hashable, Sendable {
        /// GET this path on the replica's port; 2xx/3xx is healthy.
        case http(path: String)
        /// A TCP connection to the replica's port.
        case tcp
        /// A shell command; exit 0 is healthy.
        case command(Template)
    }

    public var probe: Probe
    public var interval: Duration
    public var timeout: Duration
    public var retries: Int
    public var startPeriod: Duration

    public init(probe: Probe, interval: Duration = .seconds(1), timeout: Duration = .seconds(1),
                retries: Int = 3, startPeriod: Duration = .zero) {
        self.probe = probe
        self.interval = interval
        self.timeout = timeout
        self.retries = retries
        self.startPeriod = startPeriod
    }
}
