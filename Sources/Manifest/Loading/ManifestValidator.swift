import Foundation

/// The checks that need the whole model: names, dependencies, routes, ports, references, files.
struct ManifestValidator {
    let environment: Environment
    let decoder: ManifestDecoder
    /// The project root, for checking that seed files exist.
    let root: String
    let fileExists: (String) -> Bool

    private var fallback: SourcePosition { SourcePosition(file: environment.file, line: 1, column: 1) }

    private func at(_ path: String) -> SourcePosition { decoder.position(of: path) ?? fallback }
    private func key(_ path: String) -> SourcePosition { decoder.keyPosition(of: path) ?? fallback }
    private func error(_ message: String, _ position: SourcePosition) { decoder.error(message, at: position) }

    func validate() {
        checkServices()
        checkDependencies()
        checkRoutes()
        checkPorts()
        checkReferences()
        checkPostgres()
        if environment.wakeOnRequest, environment.router == nil {
            error("wake_on_request: needs a router: requests reach a paused environment through it", at("wake_on_request"))
        }
        if let idle = environment.idleSleep {
            if environment.router == nil {
                error("idle_sleep: needs a router: idleness is measured on the requests it routes", at("idle_sleep"))
            } else if idle <= .zero {
                error("idle_sleep: must be longer than 0s, as in 30m", at("idle_sleep"))
            }
        }
    }

    private func checkServices() {
        for service in environment.services {
            let path = "services.\(service.name)"
            if service.name == "postgres" {
                error("\(path): 'postgres' is reserved for the environment's database; rename the service", key(path))
            } else if !Self.isName(service.name, allowing: "-_") {
                error("\(path): invalid service name '\(service.name)': use lowercase letters, digits, '-' and '_', starting with a letter", key(path))
            }
            // A command that was written but failed to read has its own diagnostic already.
            if service.command == nil, service.image == nil, decoder.position(of: "\(path).command") == nil {
                error("\(path): needs a command (or an image to run in a container)", key(path))
            }
            if let health = service.health, service.port == nil {
                switch health.probe {
                case .http: error("\(path).health: an http probe needs the service's port: add port: auto", at("\(path).health.http"))
                case .tcp: error("\(path).health: a tcp probe needs the service's port: add port: auto", at("\(path).health.tcp"))
                case .command: break
                }
            }
        }
    }

    private func checkDependencies() {
        let names = environment.services.map(\.name)
        var graph: [String: [String]] = [:]
        for service in environment.services {
            for dependency in service.dependsOn {
                let path = "services.\(service.name).depends_on.\(dependency.service)"
                if dependency.service == "postgres" {
                    if environment.postgres == nil {
                        error("services.\(service.name).depends_on: 'postgres' needs a postgres: block in the manifest", key(path))
                    } else if dependency.condition == .completed {
                        error("services.\(service.name).depends_on.postgres: postgres is a service, not a job: use started or healthy", at(path))
                    }
                    continue
                }
                guard let target = environment.service(named: dependency.service) else {
                    error("services.\(service.name).depends_on: unknown service '\(dependency.service)'"
                          + Suggestion.hint(for: dependency.service, in: names + ["postgres"]), key(path))
                    continue
                }
                if target.name == service.name {
                    error("services.\(service.name).depends_on: a service cannot depend on itself", key(path))
                    continue
                }
                if dependency.condition == .completed, target.kind != .job {
                    error("\(path): '\(target.name)' is a service, not a job, so it never completes: use started or healthy, or give it kind: job", at(path))
                }
                graph[service.name, default: []].append(dependency.service)
            }
        }
        if let cycle = Self.firstCycle(in: graph, order: names) {
            error("services.\(cycle[0]).depends_on: dependency cycle: \(cycle.joined(separator: " → "))",
                  key("services.\(cycle[0]).depends_on"))
        }
    }

    /// A cycle in `graph` as a closed path (first == last), visiting nodes in `order`.
    static func firstCycle(in graph: [String: [String]], order: [String]) -> [String]? {
        var state: [String: Int] = [:]  // 1 = on the stack, 2 = done
        var stack: [String] = []
        func visit(_ node: String) -> [String]? {
            state[node] = 1
            stack.append(node)
            for next in graph[node] ?? [] {
                if state[next] == 1, let start = stack.firstIndex(of: next) { return Array(stack[start...]) + [next] }
                if state[next] == nil, let cycle = visit(next) { return cycle }
            }
            stack.removeLast()
            state[node] = 2
            return nil
        }
        for node in order where state[node] == nil {
            if let cycle = visit(node) { return cycle }
        }
        return nil
    }

    private func checkRoutes() {
        guard let router = environment.router else { return }
        var seen: [String: Int] = [:]
        for (index, route) in router.routes.enumerated() {
            let path = "router.routes.\(index)"
            if !route.path.hasPrefix("/") {
                error("\(path).path: '\(route.path)' must start with '/'", at("\(path).path"))
            } else if route.path.count > 1, route.path.hasSuffix("/") {
                error("\(path).path: '\(route.path)' must not end with '/': a route matches on segment boundaries, so write '\(route.path.dropLast())'", at("\(path).path"))
            }
            if let first = seen[route.path] {
                error("\(path).path: '\(route.path)' is already routed by router.routes.\(first)", at("\(path).path"))
            }
            seen[route.path] = index
            guard let service = environment.service(named: route.service) else {
                error("\(path).service: unknown service '\(route.service)'"
                      + Suggestion.hint(for: route.service, in: environment.services.map(\.name)), at("\(path).service"))
                continue
            }
            if service.kind == .job {
                error("\(path).service: '\(service.name)' is a job; only services can take requests", at("\(path).service"))
            } else if service.port == nil {
                error("\(path).service: '\(service.name)' has no port to route to: add port: auto to services.\(service.name)", at("\(path).service"))
            }
        }
    }

    private func checkPorts() {
        var owners: [Int: String] = [:]
        func claim(_ port: PortSetting?, by path: String) {
            guard let number = port?.fixedValue else { return }
            if let owner = owners[number] {
                error("\(path): port \(number) is already used by \(owner) (line \(at(owner).line)); use another port or auto", at(path))
            } else {
                owners[number] = path
            }
        }
        claim(environment.postgres?.port, by: "postgres.port")
        claim(environment.router?.port, by: "router.port")
        for service in environment.services {
            let path = "services.\(service.name).port"
            if let fixed = service.port?.fixedValue, service.replicas > 1 {
                error("\(path): \(service.replicas) replicas cannot share the fixed port \(fixed): use port: auto", at(path))
            }
            claim(service.port, by: path)
        }
    }

    private func checkReferences() {
        for (name, template) in environment.env {
            check(template, at: "env.\(name)")
        }
        for service in environment.services {
            let path = "services.\(service.name)"
            for (name, template) in service.env { check(template, at: "\(path).env.\(name)") }
            switch service.command {
            case .argv(let arguments)?:
                for (index, argument) in arguments.enumerated() { check(argument, at: "\(path).command.\(index)") }
            case .shell(let script)?: check(script, at: "\(path).command")
            case nil: break
            }
            if case .command(let script)? = service.health?.probe { check(script, at: "\(path).health.command") }
        }
    }

    private func check(_ template: Template, at path: String) {
        for reference in template.references {
            if let problem = problem(with: reference) { error("\(path): ${\(reference)}: \(problem)", at(path)) }
        }
    }

    private func problem(with reference: Reference) -> String? {
        switch reference {
        case .postgresHost, .postgresPort:
            return environment.postgres == nil ? "the manifest has no postgres: block" : nil
        case .database(let name, _):
            guard let postgres = environment.postgres else { return "the manifest has no postgres: block" }
            if postgres.database(named: name) != nil { return nil }
            return "no database '\(name)' in postgres.databases" + Suggestion.hint(for: name, in: postgres.databases.map(\.name))
        case .routerURL, .routerHost, .routerPort:
            return environment.router == nil ? "the manifest has no router: block" : nil
        case .service(let name, let field):
            guard let service = environment.service(named: name) else {
                return "no service '\(name)'" + Suggestion.hint(for: name, in: environment.services.map(\.name))
            }
            if service.port != nil { return nil }
            let routed = environment.router?.routes.contains { $0.service == name } ?? false
            if field == .url, routed { return nil }
            return "'\(name)' has no port: add port: auto to services.\(name)"
        }
    }

    private func checkPostgres() {
        guard let postgres = environment.postgres else { return }
        for database in postgres.databases {
            let path = "postgres.databases.\(database.name)"
            if !Self.isName(database.name, allowing: "_") {
                error("\(path): invalid database name '\(database.name)': use lowercase letters, digits and '_', starting with a letter", key(path))
            }
            if !Self.isName(database.owner, allowing: "_") {
                error("\(path).owner: invalid role name '\(database.owner)': use lowercase letters, digits and '_', starting with a letter", at("\(path).owner"))
            }
            for (index, seed) in database.seed.enumerated() {
                let seedPath = "\(path).seed.\(index)"
                let lower = seed.file.lowercased()
                if !lower.hasSuffix(".sql"), !lower.hasSuffix(".csv") {
                    error("\(seedPath): seed file '\(seed.file)' must end in .sql or .csv", at(seedPath))
                } else if !fileExists(seed.file) {
                    error("\(seedPath): seed file '\(seed.file)' does not exist (paths are relative to the project root)", at(seedPath))
                }
                if seed.table != nil, !lower.hasSuffix(".csv") {
                    error("\(seedPath): 'table' applies to .csv seeds only", at(seedPath))
                }
            }
        }
    }

    static func isName(_ name: String, allowing extra: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || extra.unicodeScalars.contains($0)
        }
    }
}
