extension ManifestDecoder {
    static let serviceKeys = ["kind", "command", "cwd", "port", "replicas", "env", "depends_on", "health",
                              "restart", "stop_signal", "stop_timeout", "image", "update"]
    static let signalNames = ["TERM", "INT", "QUIT", "HUP", "KILL", "USR1", "USR2", "WINCH"]

    func service(_ entry: Node.Entry) -> Service? {
        let path = join("services", entry.key)
        guard let entries = mapping(entry.value, path: path, allowed: Self.serviceKeys) else { return nil }
        var kind = Service.Kind.service
        if let kindEntry = entries.first(where: { $0.key == "kind" }) {
            kind = choice(kindEntry.value, path: join(path, "kind"), as: Service.Kind.self) ?? .service
        }
        var service = Service(name: entry.key, kind: kind)
        for field in entries {
            let fieldPath = join(path, field.key)
            let node = field.value
            switch field.key {
            case "command": service.command = command(node, path: fieldPath)
            case "cwd": service.cwd = string(node, path: fieldPath) ?? "."
            case "port": service.port = port(node, path: fieldPath)
            case "replicas": service.replicas = integer(node, path: fieldPath, in: 0...1000) ?? 1
            case "env": service.env = environment(node, path: fieldPath)
            case "depends_on": service.dependsOn = dependencies(node, path: fieldPath)
            case "health": service.health = health(node, path: fieldPath)
            case "restart": service.restart = choice(node, path: fieldPath, as: Service.RestartPolicy.self) ?? service.restart
            case "stop_signal": service.stopSignal = signal(node, path: fieldPath) ?? "TERM"
            case "stop_timeout": service.stopTimeout = duration(node, path: fieldPath) ?? .seconds(10)
            case "image": service.image = string(node, path: fieldPath)
            case "update": service.update = choice(node, path: fieldPath, as: Service.UpdateStrategy.self)
            default: break  // kind is read above
            }
        }
        return service
    }

    private func command(_ node: Node, path: String) -> Command? {
        if case .sequence = node.value {
            let arguments = (list(node, path: path) ?? []).enumerated().compactMap {
                template($0.element, path: join(path, String($0.offset)))
            }
            if arguments.isEmpty {
                error("\(path): the command list is empty; name the program to run", at: node.position)
                return nil
            }
            return .argv(arguments)
        }
        guard let script = template(node, path: path) else { return nil }
        if script.literalValue?.allSatisfy(\.isWhitespace) == true {
            error("\(path): the command is empty; name the program to run", at: node.position)
            return nil
        }
        return .shell(script)
    }

    private func dependencies(_ node: Node, path: String) -> [Dependency] {
        if case .sequence = node.value {
            return (list(node, path: path) ?? []).enumerated().compactMap { index, item in
                let itemPath = join(path, String(index))
                guard let name = string(item, path: itemPath) else { return nil }
                positions[join(path, name)] = item.position
                return Dependency(service: name)
            }
        }
        return (namedMapping(node, path: path) ?? []).compactMap { entry in
            guard let condition = choice(entry.value, path: join(path, entry.key), as: Dependency.Condition.self) else {
                return nil
            }
            return Dependency(service: entry.key, condition: condition)
        }
    }

    private func health(_ node: Node, path: String) -> HealthCheck? {
        let keys = ["http", "tcp", "command", "interval", "timeout", "retries", "start_period"]
        guard let entries = mapping(node, path: path, allowed: keys) else { return nil }
        var probes: [(HealthCheck.Probe, Node.Entry)] = []
        var check = HealthCheck(probe: .tcp)
        for entry in entries {
            let entryPath = join(path, entry.key)
            switch entry.key {
            case "http":
                guard let target = string(entry.value, path: entryPath) else { continue }
                if !target.hasPrefix("/") {
                    error("\(entryPath): the health path must start with '/', as in /health", at: entry.value.position)
                }
                probes.append((.http(path: target), entry))
            case "tcp":
                if bool(entry.value, path: entryPath) == false {
                    error("\(entryPath): tcp: false checks nothing; remove the key or write tcp: true", at: entry.value.position)
                }
                probes.append((.tcp, entry))
            case "command":
                if let script = template(entry.value, path: entryPath) { probes.append((.command(script), entry)) }
            case "interval": check.interval = positive(duration(entry.value, path: entryPath), entry, path: entryPath) ?? check.interval
            case "timeout": check.timeout = positive(duration(entry.value, path: entryPath), entry, path: entryPath) ?? check.timeout
            case "retries": check.retries = integer(entry.value, path: entryPath, in: 1...1000) ?? check.retries
            case "start_period": check.startPeriod = duration(entry.value, path: entryPath) ?? check.startPeriod
            default: break
            }
        }
        if probes.count > 1 {
            error("\(path): use one probe, http, tcp or command, not \(probes.map(\.1.key).joined(separator: " and "))",
                  at: probes[1].1.keyPosition)
        }
        guard let probe = probes.first else {
            error("\(path): a health check needs a probe: http: /path, tcp: true or command: \"…\"", at: node.position)
            return nil
        }
        check.probe = probe.0
        return check
    }

    private func positive(_ duration: Duration?, _ entry: Node.Entry, path: String) -> Duration? {
        guard let duration else { return nil }
        if duration <= .zero {
            error("\(path): must be longer than 0s", at: entry.value.position)
            return nil
        }
        return duration
    }

    private func signal(_ node: Node, path: String) -> String? {
        guard let text = string(node, path: path) else { return nil }
        var name = text.uppercased()
        if name.hasPrefix("SIG") { name.removeFirst(3) }
        if Self.signalNames.contains(name) { return name }
        error("\(path): unknown signal '\(text)': use one of \(Self.signalNames.joined(separator: ", "))"
              + Suggestion.hint(for: name, in: Self.signalNames), at: node.position)
        return nil
    }
}
