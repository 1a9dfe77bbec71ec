import Manifest
import Supervisor

/// Builds the health probe of a replica from its manifest health check: the engine's probe seam
/// (tests give one that answers from a script).
struct ProbeFactory: Sendable {
    /// What a probe is made from.
    struct Request {
        var check: HealthCheck
        var port: Int?
        /// The replica's environment (a command check runs with it).
        var environment: [String: String]
        var workingDirectory: String
        var facts: RuntimeFacts
    }

    var make: @Sendable (Request) -> (any HealthProbe)?

    init(_ make: @escaping @Sendable (Request) -> (any HealthProbe)?) {
        self.make = make
    }

    /// HTTP and TCP checks of the replica's loopback port, and command checks.
    static let real = ProbeFactory { request in
        switch request.check.probe {
        case .http(let path):
            guard let port = request.port else { return nil }
            return HTTPProbe(host: "127.0.0.1", port: port, path: path)
        case .tcp:
            guard let port = request.port else { return nil }
            return TCPProbe(host: "127.0.0.1", port: port)
        case .command(let template):
            guard case .success(let command) = request.facts.resolve(template) else { return nil }
            return CommandProbe(command: command, environment: request.environment, workingDirectory: request.workingDirectory)
        }
    }
}
