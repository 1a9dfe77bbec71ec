import Foundation
import Manifest
import Supervisor

/// Turns a manifest service into what the runtime needs to start one replica.
struct LaunchPlan {
    let project: Project
    let environment: Environment
    var facts: RuntimeFacts
    /// The daemon's own environment (inherited from the `devenv up` that started it).
    let baseEnvironment: [String: String]

    /// The same plan without the daemon's own environment: what a container is given.
    var withoutBaseEnvironment: LaunchPlan {
        LaunchPlan(project: project, environment: environment, facts: facts, baseEnvironment: [:])
    }

    func logPath(for key: ReplicaKey) -> String {
        project.path(".devenv/\(environment.name)/logs/\(key.service).\(key.index).log")
    }

    /// The replica's complete environment: inherited, then env_file, then `env:`, then the
    /// service's `env:`, then `PORT`, and devenv's own `DEVENV_*` markers.
    func variables(for service: Service, port: Int?, index: Int) throws -> [String: String] {
        var variables = baseEnvironment
        for (name, value) in environment.envFileValues { variables[name] = value }
        for (name, template) in environment.env { variables[name] = try facts.resolve(template).get() }
        for (name, template) in service.env { variables[name] = try facts.resolve(template).get() }
        if let port { variables["PORT"] = String(port) }
        variables["DEVENV_ENV"] = environment.name
        variables["DEVENV_SERVICE"] = service.name
        variables["DEVENV_REPLICA"] = String(index)
        return variables
    }

    /// The service's command with every `${…}` resolved, as an argv; nil when it has none.
    func argv(of service: Service) throws -> [String]? {
        switch service.command {
        case .argv(let arguments)?: return try arguments.map { try facts.resolve($0).get() }
        case .shell(let script)?: return ProcessSpec.shell(try facts.resolve(script).get())
        case nil: return nil
        }
    }

    func spec(for service: Service, key: ReplicaKey, port: Int?) throws -> ProcessSpec {
        guard let argv = try argv(of: service) else {
            throw LaunchError("services.\(service.name) has no command; give it one, or an image to run")
        }
        return ProcessSpec(
            argv: argv,
            environment: try variables(for: service, port: port, index: key.index),
            workingDirectory: project.path(service.cwd),
            logPath: logPath(for: key))
    }
}

/// Why a replica could not be launched: a message for the user, kept as the replica's failure.
struct LaunchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
