import Manifest

/// Decides, from a status snapshot, whether `up` is done, still waiting, or has failed. Pure.
public enum UpProgress: Equatable, Sendable {
    case waiting([String])
    case ready
    case failed(service: String, replica: Int?, reason: String)

    /// A replica that crashed this many times while `up` waits is a crash loop, not a slow start.
    public static let crashLoopRestarts = 3

    /// A replica without a health check counts as started once it has kept running this long:
    /// a command that dies at once is a failure, not a start.
    public static let settleTime: Duration = .milliseconds(300)

    /// - Parameter runningSince: when each run of a replica (`service.index.restarts`) was first seen running,
    ///   kept by the caller between calls.
    public static func evaluate(_ snapshot: StatusSnapshot, environment: Environment,
                                runningSince: inout [String: ContinuousClock.Instant],
                                now: ContinuousClock.Instant = .now) -> UpProgress {
        var waiting: [String] = []
        if environment.postgres != nil {
            let postgres = snapshot.postgres
            if let error = postgres?.error { return .failed(service: "postgres", replica: 0, reason: error) }
            if postgres?.state == "crashed", postgres?.restarts ?? 0 >= crashLoopRestarts {
                return .failed(service: "postgres", replica: 0, reason: "crashed (restarted \(postgres?.restarts ?? 0) times)")
            }
            if postgres?.health != "healthy" { waiting.append("postgres") }
        }
        for entry in snapshot.services {
            guard let service = environment.service(named: entry.name) else { continue }
            if let error = entry.error { return .failed(service: entry.name, replica: nil, reason: error) }
            for replica in entry.replicas {
                let exit = replica.lastExit ?? "no exit status"
                switch (service.kind, replica.state) {
                case (.job, "exited"):
                    continue
                case (.job, "crashed"):
                    return .failed(service: entry.name, replica: replica.index, reason: "job failed: \(exit)")
                case (.service, "exited"):
                    return .failed(service: entry.name, replica: replica.index, reason: "exited before becoming ready: \(exit)")
                case (.service, "crashed"):
                    if service.restart == .no || replica.restarts >= crashLoopRestarts {
                        let loop = replica.restarts > 0 ? " (restarted \(replica.restarts) times)" : ""
                        return .failed(service: entry.name, replica: replica.index, reason: "crashed: \(exit)\(loop)")
                    }
                    waiting.append(entry.name)
                case (.service, "running") where service.health != nil && replica.health == "healthy":
                    continue
                case (.service, "running") where service.health == nil:
                    // One key per run of the replica: its pid may not be known yet (nil).
                    let key = "\(entry.name).\(replica.index).\(replica.restarts)"
                    let since = runningSince[key] ?? now
                    runningSince[key] = since
                    if since.duration(to: now) >= settleTime { continue }
                    waiting.append(entry.name)
                default:
                    waiting.append(entry.name)
                }
            }
        }
        let unique = waiting.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return unique.isEmpty ? .ready : .waiting(unique)
    }

    /// One line per service for the progress display: `adder  2/2 healthy`.
    public static func lines(_ snapshot: StatusSnapshot) -> [(service: String, summary: String)] {
        snapshot.services.map { entry in
            let total = entry.replicas.count
            if let error = entry.error { return (entry.name, "blocked: \(error)") }
            if total > 0, entry.replicas.allSatisfy({ $0.state == "stopped" && $0.pid == nil }) {
                return (entry.name, "waiting for its dependencies")
            }
            var counts: [String: Int] = [:]
            for replica in entry.replicas {
                let label = replica.state == "running" && replica.health != "unknown" ? replica.health : replica.state
                counts[label, default: 0] += 1
            }
            let order = ["healthy", "running", "starting", "unhealthy", "crashed", "exited", "paused", "stopped"]
            let parts = order.compactMap { label in counts[label].map { "\($0)/\(total) \(label)" } }
            return (entry.name, parts.joined(separator: ", "))
        }
    }
}
