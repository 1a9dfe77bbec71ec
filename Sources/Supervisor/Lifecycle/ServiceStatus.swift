/// What a service looks like to its dependents: its kind, whether it is probed, its replicas.
///
/// `postgres` is described the same way (a service with a health check) by whoever runs it.
public struct ServiceStatus: Sendable, Hashable {
    /// Whether it runs until stopped or to completion.
    public var kind: ServiceKind
    /// Whether it has a health check; without one, running counts as healthy.
    public var hasHealthCheck: Bool
    /// Its replicas, in index order.
    public var replicas: [ReplicaStatus]

    /// Creates a service status.
    public init(kind: ServiceKind = .service, hasHealthCheck: Bool = false, replicas: [ReplicaStatus]) {
        self.kind = kind
        self.hasHealthCheck = hasHealthCheck
        self.replicas = replicas
    }
}
