import Manifest
import Supervisor

/// Builds the health probe of a replica from its manifest health check.
struct ProbeFactory {
    func probe(for check: HealthCheck, port: Int?, environment: [String: String], workingDirectory: String,
               facts: RuntimeFacts) -> (any HealthProbe)? {
        switch check.probe {
        case .http(let path):
            guard let port else { return nil }
            return HTTPProbe(host: "127.0.0.1", port: port, path: path)
        case .tcp:
            guard let port else { return nil }
            return TCPProbe(host: "127.0.0.1", port: port)
        case .command(let template):
            guard case .success(let command) = facts.resolve(template) else { return nil }
            return CommandProbe(command: command, environment: environment, workingDirectory: workingDirectory)
        }
    }
}
