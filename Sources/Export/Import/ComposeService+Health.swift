import Yams

extension ComposeService {
    /// `healthcheck:` as a manifest's `health:`: a curl or wget of the service's own port is an
    /// `http` probe; any other test (string, `CMD`, `CMD-SHELL`) a `command` probe; `NONE` or
    /// `disable: true` none.
    func health(port: Int?, at: String, notes: inout [String]) -> YAMLValue? {
        guard let check = Self.value(node, "healthcheck") else { return nil }
        if Self.value(check, "disable")?.bool == true { return nil }
        let test = Self.value(check, "test")
        var command: String?
        if let scalar = test?.scalar {
            command = scalar.string
        } else if let words = test?.sequence?.compactMap(\.string), let first = words.first {
            switch first {
            case "NONE": return nil
            case "CMD-SHELL": command = words.dropFirst().joined(separator: " ")
            case "CMD": command = ComposeValues.shellLine(Array(words.dropFirst()))
            default: command = ComposeValues.shellLine(words)
            }
        }
        guard let command, !command.isEmpty else {
            notes.append("\(at).healthcheck: no test to convert (not converted)")
            return nil
        }
        var probe: YAMLValue.Entry = .init("command", .string(ComposeValues.interpolation(command)))
        if let port, let path = Self.httpPath(command, port: port) { probe = .init("http", .string(path)) }
        var entries = [probe]
        for key in ["interval", "timeout", "start_period"] {
            guard let node = Self.value(check, key) else { continue }
            if let duration = ComposeValues.duration(node) {
                entries.append(.init(key, .string(duration)))
            } else {
                notes.append("\(at).healthcheck.\(key): '\(node.string ?? "…")' not converted (write ms, s, m or h)")
            }
        }
        if let retries = Self.value(check, "retries")?.int { entries.append(.init("retries", .int(retries))) }
        return .map(entries)
    }

    /// The path of a `curl`/`wget` of `http://localhost:PORT/path` (or 127.0.0.1) on the service's port.
    static func httpPath(_ command: String, port: Int) -> String? {
        guard command.contains("curl") || command.contains("wget"),
              let regex = try? Regex(#"https?://(localhost|127\.0\.0\.1)(:([0-9]+))?(/[^\s'"|;&]*)?"#),
              let match = command.firstMatch(of: regex) else { return nil }
        let text = String(command[match.range])
        let afterHost = text.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        // "http:", "", "host:port", "path"
        let authority = afterHost.count > 2 ? afterHost[2] : ""
        let written = authority.split(separator: ":").dropFirst().first.flatMap { Int($0) } ?? 80
        guard written == port else { return nil }
        return afterHost.count > 3 ? "/" + afterHost[3] : "/"
    }

    /// A Postgres service as the manifest's `postgres:` block: its image, and one database
    /// (`POSTGRES_DB`, owned by `POSTGRES_USER`) seeded with the `.sql` files it mounts into
    /// `/docker-entrypoint-initdb.d`. devenv makes the passwords and picks the port.
    func postgresBlock(notes: inout [String]) -> YAMLValue {
        let at = "services.\(name)"
        var variables: [String: String] = [:]
        let environment = Self.value(node, "environment")
        for item in environment?.sequence?.compactMap(\.string) ?? [] {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { variables[parts[0]] = parts[1] }
        }
        for (key, value) in environment?.mapping ?? [:] { if let key = key.string, let value = value.string { variables[key] = value } }
        var database = variables["POSTGRES_DB"] ?? variables["POSTGRES_USER"] ?? "app"
        var owner = variables["POSTGRES_USER"] ?? database
        if database == "postgres" || owner == "postgres" {
            notes.append("\(at): the database and role 'postgres' are the server's own: the manifest's database is 'app', owned by 'app'")
            (database, owner) = (database == "postgres" ? "app" : database, owner == "postgres" ? "app" : owner)
        }
        notes.append("\(at): became the manifest's postgres: block; other services reach it with ${postgres.databases.\(database).url} (devenv makes the password and picks the port), not at \(name):5432")
        for key in variables.keys.sorted() where !["POSTGRES_DB", "POSTGRES_USER"].contains(key) {
            notes.append("\(at).environment.\(key): not converted (devenv sets the server up itself)")
        }
        var seed: [YAMLValue] = []
        for volume in Self.value(node, "volumes")?.sequence ?? [] {
            let (source, target) = Self.mount(volume)
            if let source, let target, target.hasPrefix("/docker-entrypoint-initdb.d"), source.hasSuffix(".sql") {
                seed.append(.string(source.hasPrefix("./") ? String(source.dropFirst(2)) : source))
            } else {
                notes.append("\(at).volumes: '\(source ?? "…"):\(target ?? "…")' not converted (devenv keeps the data under .devenv/)")
            }
        }
        for (key, _) in node.mapping ?? [:] where !["image", "environment", "volumes", "ports", "healthcheck", "restart"].contains(key.string ?? "") {
            notes.append("\(at).\(key.string ?? "?"): no equivalent in a manifest (not converted)")
        }
        return [
            "port": "auto",
            "image": image.map { .string($0) },
            "databases": .map([.init(database, ["owner": .string(owner), "seed": YAMLValue.list(seed).nonEmpty])]),
        ]
    }

    /// A volume's source and target, short (`./a:/b:ro`) or long form.
    static func mount(_ node: Yams.Node) -> (String?, String?) {
        if let text = node.string {
            let parts = text.split(separator: ":").map(String.init)
            return (parts.count > 1 ? parts[0] : nil, parts.count > 1 ? parts[1] : parts.first)
        }
        return (value(node, "source")?.string, value(node, "target")?.string)
    }
}
