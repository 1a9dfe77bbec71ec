/// `devenv status --json`: the contract's shape, one object per environment.
public struct StatusSnapshot: Codable, Sendable, Hashable {
    public struct RouterStatus: Codable, Sendable, Hashable {
        public var url: String
        /// Each route and how many replicas of its service take requests now.
        public var routes: [RouteStatus]?
    }

    public struct RouteStatus: Codable, Sendable, Hashable {
        public var path: String
        public var service: String
        public var healthy: Int
    }

    public struct PostgresStatus: Codable, Sendable, Hashable {
        public var state: String
        public var port: Int?
        /// `healthy` once it accepts connections and its databases and seeds are in place.
        public var health: String?
        public var pid: Int32?
        public var restarts: Int?
        /// Why it is not ready (a seed that failed), when so.
        public var error: String?

        enum CodingKeys: String, CodingKey {
            case state, port, health, pid, restarts, error
        }

        /// `pid` and `port` are always present, `null` where there is none.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(state, forKey: .state)
            try container.encode(port, forKey: .port)
            try container.encodeIfPresent(health, forKey: .health)
            try container.encode(pid, forKey: .pid)
            try container.encodeIfPresent(restarts, forKey: .restarts)
            try container.encodeIfPresent(error, forKey: .error)
        }
    }

    public struct ServiceEntry: Codable, Sendable, Hashable {
        public var name: String
        public var kind: String
        public var replicas: [ReplicaEntry]
        /// Why the service is not starting (a failed dependency), when it is not.
        public var error: String?
    }

    public struct ReplicaEntry: Codable, Sendable, Hashable {
        public var index: Int
        public var pid: Int32?
        public var port: Int?
        public var state: String
        public var health: String
        public var restarts: Int
        /// "exit 1", "signal 9 (KILL)": how the last run ended.
        public var lastExit: String?

        enum CodingKeys: String, CodingKey {
            case index, pid, port, state, health, restarts, lastExit
        }

        /// `pid` and `port` are always present, `null` where there is none.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(index, forKey: .index)
            try container.encode(pid, forKey: .pid)
            try container.encode(port, forKey: .port)
            try container.encode(state, forKey: .state)
            try container.encode(health, forKey: .health)
            try container.encode(restarts, forKey: .restarts)
            try container.encodeIfPresent(lastExit, forKey: .lastExit)
        }
    }

    public var environment: String
    public var state: String
    public var router: RouterStatus?
    public var postgres: PostgresStatus?
    public var services: [ServiceEntry]
    /// Writes to the state db that failed since the daemon started (each is in its log);
    /// nil where no daemon runs.
    public var stateErrors: Int?

    public init(environment: String, state: String, router: RouterStatus? = nil, postgres: PostgresStatus? = nil,
                services: [ServiceEntry] = []) {
        self.environment = environment
        self.state = state
        self.router = router
        self.postgres = postgres
        self.services = services
    }

    enum CodingKeys: String, CodingKey {
        case environment, state, router, postgres, services
        case stateErrors = "state_errors"
    }

    /// `router` and `postgres` are always present, `null` when the environment has none.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(environment, forKey: .environment)
        try container.encode(state, forKey: .state)
        try container.encode(router, forKey: .router)
        try container.encode(postgres, forKey: .postgres)
        try container.encode(services, forKey: .services)
        try container.encodeIfPresent(stateErrors, forKey: .stateErrors)
    }
}
