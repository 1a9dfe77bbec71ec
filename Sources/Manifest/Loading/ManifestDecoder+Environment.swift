import Foundation

extension ManifestDecoder {
    static let topLevelKeys = ["extends", "env_file", "env", "postgres", "router", "services", "schedule", "wake_on_request", "idle_sleep", "containers"]

    func environment(_ root: Node, name: String, files: [String], envFileValues: [String: String]) -> Environment {
        var environment = Environment(name: name, files: files, envFileValues: envFileValues)
        for entry in mapping(root, path: "", allowed: Self.topLevelKeys) ?? [] {
            let node = entry.value, path = entry.key
            switch entry.key {
            case "env_file": environment.envFile = string(node, path: path)
            case "env": environment.env = self.environment(node, path: path)
            case "postgres": environment.postgres = postgres(node, path: path)
            case "router": environment.router = router(node, path: path)
            case "services":
                environment.services = (namedMapping(node, path: path) ?? []).compactMap { service($0) }
            case "schedule": environment.schedule = schedule(node, path: path)
            case "wake_on_request": environment.wakeOnRequest = bool(node, path: path) ?? false
            case "idle_sleep": environment.idleSleep = duration(node, path: path)
            case "containers":
                for field in mapping(node, path: path, allowed: ["runtime"]) ?? [] {
                    environment.containerRuntime = choice(field.value, path: join(path, field.key), as: Environment.ContainerTool.self)
                }
            default: break  // `extends` was consumed by the loader.
            }
        }
        return environment
    }

    private func postgres(_ node: Node, path: String) -> PostgresSpec? {
        guard let entries = mapping(node, path: path, allowed: ["port", "image", "version", "settings", "databases"]) else {
            return nil
        }
        var postgres = PostgresSpec()
        for entry in entries {
            let entryPath = join(path, entry.key)
            switch entry.key {
            case "port": postgres.port = port(entry.value, path: entryPath) ?? .auto
            case "image": postgres.image = string(entry.value, path: entryPath)
            case "version": postgres.version = string(entry.value, path: entryPath)
            case "settings":
                for setting in namedMapping(entry.value, path: entryPath) ?? [] {
                    if let value = string(setting.value, path: join(entryPath, setting.key)) {
                        postgres.settings[setting.key] = value
                    }
                }
            case "databases":
                postgres.databases = (namedMapping(entry.value, path: entryPath) ?? []).compactMap {
                    database($0, path: join(entryPath, $0.key))
                }
            default: break
            }
        }
        return postgres
    }

    private func database(_ entry: Node.Entry, path: String) -> Database? {
        var database = Database(name: entry.key)
        if entry.value.entries == nil, entry.value.isNull { return database }
        for field in mapping(entry.value, path: path, allowed: ["owner", "seed"]) ?? [] {
            let fieldPath = join(path, field.key)
            switch field.key {
            case "owner": if let owner = string(field.value, path: fieldPath) { database.owner = owner }
            case "seed":
                database.seed = (list(field.value, path: fieldPath) ?? []).enumerated().compactMap {
                    seedFile($0.element, path: join(fieldPath, String($0.offset)))
                }
            default: break
            }
        }
        return database
    }

    private func seedFile(_ node: Node, path: String) -> SeedFile? {
        if case .scalar = node.value {
            return string(node, path: path).map { SeedFile(file: $0) }
        }
        guard let entries = mapping(node, path: path, allowed: ["file", "table"]) else { return nil }
        var file: String?, table: String?
        for entry in entries {
            if entry.key == "file" { file = string(entry.value, path: join(path, "file")) }
            if entry.key == "table" { table = string(entry.value, path: join(path, "table")) }
        }
        if !entries.contains(where: { $0.key == "file" }) { error("\(path): a seed entry needs 'file'", at: node.position) }
        guard let file else { return nil }
        return SeedFile(file: file, table: table)
    }

    private func router(_ node: Node, path: String) -> RouterSpec? {
        guard let entries = mapping(node, path: path, allowed: ["host", "port", "routes"]) else { return nil }
        var router = RouterSpec()
        for entry in entries {
            let entryPath = join(path, entry.key)
            switch entry.key {
            case "host": router.host = string(entry.value, path: entryPath) ?? router.host
            case "port": router.port = port(entry.value, path: entryPath) ?? .auto
            case "routes":
                router.routes = (list(entry.value, path: entryPath) ?? []).enumerated().compactMap {
                    route($0.element, path: join(entryPath, String($0.offset)))
                }
            default: break
            }
        }
        return router
    }

    private func route(_ node: Node, path: String) -> Route? {
        guard let entries = mapping(node, path: path, allowed: ["path", "service", "strip_prefix", "auth"]) else {
            return nil
        }
        var routePath: String?, service: String?, strip = false, auth: BasicAuth?
        for entry in entries {
            let entryPath = join(path, entry.key)
            switch entry.key {
            case "path": routePath = string(entry.value, path: entryPath)
            case "service": service = string(entry.value, path: entryPath)
            case "strip_prefix": strip = bool(entry.value, path: entryPath) ?? false
            case "auth": auth = basicAuth(entry.value, path: entryPath)
            default: break
            }
        }
        let keys = Set(entries.map(\.key))
        if !keys.contains("path") { error("\(path): a route needs 'path'", at: node.position) }
        if !keys.contains("service") { error("\(path): a route needs 'service'", at: node.position) }
        guard let routePath, let service else { return nil }
        return Route(path: routePath, service: service, stripPrefix: strip, auth: auth)
    }

    private func basicAuth(_ node: Node, path: String) -> BasicAuth? {
        guard let entries = mapping(node, path: path, allowed: ["basic"]), let basic = entries.first else { return nil }
        let basicPath = join(path, "basic")
        guard let fields = mapping(basic.value, path: basicPath, allowed: ["user", "password"]) else { return nil }
        var user: String?, password: String?
        for field in fields {
            if field.key == "user" { user = string(field.value, path: join(basicPath, "user")) }
            if field.key == "password" { password = string(field.value, path: join(basicPath, "password")) }
        }
        let keys = Set(fields.map(\.key))
        guard keys.contains("user"), keys.contains("password") else {
            error("\(basicPath): basic auth needs both 'user' and 'password'", at: basic.value.position)
            return nil
        }
        guard let user, let password else { return nil }
        if password.isEmpty {
            error("\(basicPath).password: the password is empty; set it (for example through ${ADMIN_PASSWORD})",
                  at: position(of: join(basicPath, "password")) ?? basic.value.position)
        }
        return BasicAuth(user: user, password: password)
    }
}

extension Node {
    /// Offset from the node's position to its text's first character (1 for a quoted scalar).
    var scalarTextOffset: Int {
        if case .scalar(let scalar) = value { return scalar.textOffset }
        return 0
    }
}
