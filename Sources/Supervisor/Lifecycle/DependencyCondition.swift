/// What a dependent waits for before it starts: the value of a `depends_on` entry.
public enum DependencyCondition: String, Sendable, Hashable, CaseIterable, Codable {
    /// Every replica of the dependency has been started.
    case started
    /// Every replica of the dependency is running and healthy (running, where it has no health check).
    case healthy
    /// Every replica of the dependency exited 0 (a job that ran to completion).
    case completed
}
