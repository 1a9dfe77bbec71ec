import Vocabulary

extension DependencyPlan {
    /// Whether a service may start, given how its dependencies are doing.
    public enum Readiness: Sendable, Hashable {
        /// Every dependency's condition holds.
        case ready
        /// A dependency's condition does not hold yet; the message says which and why.
        case waiting(String)
        /// A dependency's condition can no longer hold (a job that failed, a service that crashed
        /// for good); the message says which and why.
        case failed(String)
    }

    /// Whether a service's dependencies allow it to start.
    ///
    /// A condition holds when it holds for every replica of the dependency:
    /// - `started`: the replica is running, paused, exited or crashed;
    /// - `healthy`: the replica is running and healthy, or running with no health check
    ///   (for a job, `healthy` means `completed`);
    /// - `completed`: the replica exited 0.
    /// A failure outweighs a wait.
    /// - Parameters:
    ///   - service: The dependent.
    ///   - statuses: The dependencies' statuses by name; a missing one has not started.
    public func readiness(of service: String, given statuses: [String: ServiceStatus]) -> Readiness {
        var firstWait: Readiness?
        for dependency in dependencies(of: service) {
            switch Self.check(dependency, of: service, status: statuses[dependency.name]) {
            case .ready: continue
            case .failed(let reason): return .failed(reason)
            case .waiting(let reason): firstWait = firstWait ?? .waiting(reason)
            }
        }
        return firstWait ?? .ready
    }

    /// Whether every dependency of `service` satisfies its condition.
    public func isReady(_ service: String, given statuses: [String: ServiceStatus]) -> Bool {
        readiness(of: service, given: statuses) == .ready
    }

    private static func check(
        _ dependency: Dependency,
        of dependent: String,
        status: ServiceStatus?
    ) -> Readiness {
        let name = dependency.name
        var condition = dependency.condition
        if condition == .healthy, status?.kind == .job {
            condition = .completed
        }
        let goal = switch condition {
        case .started: "to start"
        case .healthy: "to be healthy"
        case .completed: "to complete"
        }
        guard let status, !status.replicas.isEmpty else {
            return .waiting("\(dependent) waits for \(name) \(goal) (\(name) has not started)")
        }
        for (index, replica) in status.replicas.enumerated() {
            let subject = status.replicas.count > 1 ? "\(name) replica \(index)" : name
            let detail = describe(replica, probed: status.hasHealthCheck)
            let isFinal = !replica.restartPending && (replica.state == .crashed || replica.state == .exited)
            let holds: Bool
            switch condition {
            case .started:
                holds = [.running, .paused, .exited, .crashed].contains(replica.state)
            case .healthy:
                holds = replica.state == .running && (replica.health == .healthy || !status.hasHealthCheck)
                if !holds, isFinal {
                    let why = "\(subject) \(detail) and will not be restarted"
                    return .failed("\(dependent) depends on \(name) being healthy, but \(why)")
                }
            case .completed:
                holds = replica.state == .exited && replica.lastExit?.isSuccess != false
                if !holds, isFinal {
                    let why = "\(subject) failed (\(reason(replica)))"
                    return .failed("\(dependent) depends on \(name) completing, but \(why)")
                }
            }
            if !holds {
                return .waiting("\(dependent) waits for \(name) \(goal) (\(subject) is \(detail))")
            }
        }
        return .ready
    }

    /// `"crashed (exit 1)"`, `"running, unhealthy"` (when probed), `"starting"`.
    private static func describe(_ replica: ReplicaStatus, probed: Bool) -> String {
        switch replica.state {
        case .crashed, .exited:
            return "\(replica.state.rawValue) (\(reason(replica)))"
        case .running where probed && replica.health != .healthy:
            return replica.health == .unhealthy ? "running, unhealthy" : "running, not yet healthy"
        default:
            return replica.state.rawValue
        }
    }

    /// `"exit 1"`, `"could not launch: …"`, or `"no exit status"`.
    private static func reason(_ replica: ReplicaStatus) -> String {
        if let launchFailure = replica.launchFailure { return "could not launch: \(launchFailure)" }
        return replica.lastExit?.description ?? "no exit status"
    }
}
