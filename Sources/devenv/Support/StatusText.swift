import Engine

/// The human forms of a status snapshot.
enum StatusText {
    static func summary(_ snapshot: StatusSnapshot) -> String {
        let replicas = snapshot.services.reduce(0) { $0 + $1.replicas.count }
        var text = "\(snapshot.environment) is \(snapshot.state): \(snapshot.services.count) service(s), \(replicas) replica(s)"
        if let router = snapshot.router { text += ", router \(router.url)" }
        return text
    }

    static func table(_ snapshot: StatusSnapshot) -> String {
        var text = "\(snapshot.environment): \(snapshot.state)"
        if let router = snapshot.router { text += "   router \(router.url)" }
        if let postgres = snapshot.postgres { text += "   postgres \(postgres.state)" + (postgres.port.map { " on \($0)" } ?? "") }
        text += "\n"
        if let routes = snapshot.router?.routes, !routes.isEmpty {
            let width = routes.map(\.path.count).max() ?? 0
            for route in routes {
                text += "  \(route.path.padding(width)) → \(route.service) (\(route.healthy) healthy)\n"
            }
        }
        guard !snapshot.services.isEmpty else { return text }
        var rows = [["SERVICE", "#", "STATE", "HEALTH", "PID", "PORT", "RESTARTS", "LAST EXIT"]]
        for service in snapshot.services {
            for replica in service.replicas {
                rows.append([
                    service.name, String(replica.index), replica.state, replica.health,
                    replica.pid.map(String.init) ?? "-", replica.port.map(String.init) ?? "-",
                    String(replica.restarts), replica.lastExit ?? "-",
                ])
            }
            if let error = service.error { rows.append([service.name, "-", "blocked", "-", "-", "-", "-", error]) }
        }
        return text + TextTable.render(rows)
    }
}
