import Manifest
import Yams

/// One compose service, read as a manifest's service.
struct ComposeService {
    struct Dependency {
        var service: String
        /// The manifest's condition: started, healthy or completed.
        var condition: String
    }

    /// The name in the compose file.
    let name: String
    let node: Yams.Node
    let projectName: String
    var isJob = false

    /// The keys read here; any other is listed as not converted.
    private static let converted: Set<String> = [
        "image", "command", "entrypoint", "environment", "ports", "expose", "depends_on", "healthcheck",
        "deploy", "scale", "restart", "stop_signal", "stop_grace_period", "build", "container_name",
    ]

    init(name: String, node: Yams.Node, projectName: String) {
        self.name = name
        self.node = node
        self.projectName = projectName
    }

    static func value(_ node: Yams.Node?, _ key: String) -> Yams.Node? {
        node?.mapping?.first { $0.key.string == key }?.value
    }

    private func value(_ key: String) -> Yams.Node? { Self.value(node, key) }

    /// A manifest service name: lowercase letters, digits, '-' and '_'.
    var manifestName: String { Self.manifestName(name) }

    static func manifestName(_ name: String) -> String {
        let mapped = String(name.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") ? $0 : "-" })
        return mapped.first?.isLetter == true ? mapped : "s-\(mapped)"
    }

    var image: String? { value("image")?.scalar?.string }

    /// Whether it runs the official Postgres image (any registry, any tag).
    var isPostgres: Bool {
        guard let image else { return false }
        let repository = image.split(separator: "/").last.map(String.init) ?? image
        return repository.split(separator: ":").first == "postgres" || repository.split(separator: "@").first == "postgres"
    }

    var dependencies: [Dependency] {
        guard let node = value("depends_on") else { return [] }
        if let names = node.sequence { return names.compactMap { $0.string }.map { Dependency(service: $0, condition: "started") } }
        return (node.mapping ?? [:]).map { key, entry in
            let condition: String
            switch Self.value(entry, "condition")?.string {
            case "service_healthy": condition = "healthy"
            case "service_completed_successfully": condition = "completed"
            default: condition = "started"
            }
            return Dependency(service: key.string ?? "", condition: condition)
        }
    }

    // MARK: The manifest's service

    func manifest(postgresService: String?, notes: inout [String]) -> YAMLValue {
        let at = "services.\(name)"
        if manifestName != name { notes.append("\(at): renamed \(manifestName) (manifest names are lowercase letters, digits, '-' and '_')") }
        for (key, _) in node.mapping ?? [:] where !Self.converted.contains(key.string ?? "") {
            notes.append("\(at).\(key.string ?? "?"): no equivalent in a manifest (not converted)")
        }
        var image = self.image.map(ComposeValues.interpolation)
        if let build = value("build") {
            let context = build.scalar?.string ?? Self.value(build, "context")?.string ?? "."
            if image == nil {
                image = "\(projectName)-\(manifestName)"
                notes.append("\(at).build: \(context) not converted: build the image as \(image!) (docker compose build) or set image:")
            } else {
                notes.append("\(at).build: \(context) not converted: the service runs its image: \(image!)")
            }
        }
        if value("container_name") != nil { notes.append("\(at).container_name: devenv names its containers itself (not converted)") }
        var port = ports(at: at, notes: &notes).map(PortSetting.fixed)
        let replicas = replicas(at: at, notes: &notes)
        if let fixed = port?.fixedValue, (replicas ?? 1) > 1 {
            notes.append("\(at).ports: \(replicas!) replicas on one host need a port each: port: auto, given to each as $PORT (the command must listen on it, not on \(fixed))")
            port = .auto
        }
        return [
            "kind": isJob ? "job" : nil,
            "image": image.map { .string($0) },
            "command": command(at: at, notes: &notes),
            "port": port.map { $0.fixedValue.map(YAMLValue.int) ?? "auto" },
            "replicas": replicas.map { .int($0) },
            "env": environment(),
            "depends_on": dependsOn(postgresService: postgresService),
            "health": health(port: port?.fixedValue, at: at, notes: &notes),
            "restart": restart(at: at, notes: &notes),
            "stop_signal": value("stop_signal")?.string.map { .string($0.hasPrefix("SIG") ? String($0.dropFirst(3)) : $0) },
            "stop_timeout": ComposeValues.duration(value("stop_grace_period")).map { .string($0) },
        ]
    }

    private func command(at: String, notes: inout [String]) -> YAMLValue? {
        let command = value("command"), entrypoint = value("entrypoint")
        func text(_ node: Yams.Node?) -> YAMLValue? {
            if let scalar = node?.scalar { return .string(ComposeValues.interpolation(scalar.string)) }
            return node?.sequence.map { .list($0.compactMap { $0.string.map { .string(ComposeValues.interpolation($0)) } }) }
        }
        guard let entrypoint else { return text(command) }
        if let first = entrypoint.sequence, command == nil || command?.sequence != nil {
            notes.append("\(at).entrypoint: joined with command into one argv")
            let words = (first.compactMap(\.string) + (command?.sequence?.compactMap(\.string) ?? [])).map(ComposeValues.interpolation)
            return .list(words.map { .string($0) })
        }
        notes.append("\(at).entrypoint: a string entrypoint has no equivalent (not converted): put it in command")
        return text(command)
    }

    private func ports(at: String, notes: inout [String]) -> Int? {
        let entries = (value("ports")?.sequence ?? []).map { ($0, ComposeValues.port($0)) }
        for (node, parsed) in entries where parsed == nil {
            notes.append("\(at).ports: '\(node.string ?? "…")' not converted (a port range or an unreadable entry)")
        }
        let ports = entries.compactMap(\.1)
        if let first = ports.first {
            if let published = first.published {
                notes.append("\(at).ports: published as \(published) in compose; devenv runs containers on the host network, where it listens on \(first.target): port: \(first.target)")
            }
            for other in ports.dropFirst() { notes.append("\(at).ports: \(other.target) not converted (a service has one port)") }
            return first.target
        }
        if let exposed = value("expose")?.sequence?.first?.string.flatMap({ Int($0.split(separator: "/")[0]) }) { return exposed }
        return nil
    }

    private func replicas(at: String, notes: inout [String]) -> Int? {
        let deploy = value("deploy")
        for (key, _) in deploy?.mapping ?? [:] where key.string != "replicas" {
            notes.append("\(at).deploy.\(key.string ?? "?"): no equivalent in a manifest (not converted)")
        }
        return Self.value(deploy, "replicas")?.int ?? value("scale")?.int
    }

    private func environment() -> YAMLValue? {
        guard let node = value("environment") else { return nil }
        var entries: [YAMLValue.Entry] = []
        if let list = node.sequence {
            for item in list.compactMap(\.string) {
                let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                // `NAME` alone passes the shell's value through: `${NAME:-}` says the same.
                entries.append(.init(parts[0], .string(parts.count > 1 ? ComposeValues.interpolation(parts[1]) : "${\(parts[0]):-}")))
            }
        } else {
            for (key, value) in node.mapping ?? [:] {
                let name = key.string ?? ""
                let text = value.null != nil ? "${\(name):-}" : ComposeValues.interpolation(value.string ?? "")
                entries.append(.init(name, .string(text)))
            }
        }
        return YAMLValue.map(entries).nonEmpty
    }

    private func dependsOn(postgresService: String?) -> YAMLValue? {
        let entries = dependencies.map { dependency -> YAMLValue.Entry in
            guard dependency.service == postgresService else {
                return .init(Self.manifestName(dependency.service), .string(dependency.condition))
            }
            return .init("postgres", .string(dependency.condition == "completed" ? "healthy" : dependency.condition))
        }
        return YAMLValue.map(entries).nonEmpty
    }

    private func restart(at: String, notes: inout [String]) -> YAMLValue? {
        guard let policy = value("restart")?.string else { return nil }
        switch policy {
        case "no", "always": return .string(policy)
        case "unless-stopped":
            notes.append("\(at).restart: unless-stopped is always in a manifest")
            return "always"
        default:
            if policy.hasPrefix("on-failure") { return "on-failure" }
            notes.append("\(at).restart: '\(policy)' not converted")
            return nil
        }
    }
}
