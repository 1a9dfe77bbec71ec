import Foundation
import Logging
import Manifest
import Router
import Supervisor
import Vocabulary

extension EnvironmentSupervisor {
    /// The router's configuration for a manifest, on the port the facts chose.
    func routerConfiguration(_ spec: RouterSpec, port: Int) -> RouterConfiguration {
        RouterConfiguration(
            host: spec.host, port: port,
            routes: spec.routes.map { route in
                RouteRule(path: route.path, service: route.service, stripPrefix: route.stripPrefix,
                          basicAuth: route.auth.map { BasicAuthCredentials(user: $0.user, password: $0.password) })
            },
            accessLogPath: project.path(".devenv/\(name)/logs/router.access.log"))
    }

    /// Starts, replaces or stops the router so it matches `spec`. A router whose routes and port
    /// are unchanged keeps serving: a converge never drops a connection it need not.
    func convergeRouter(_ spec: RouterSpec?, port: Int?) async throws {
        let wanted = spec.flatMap { spec in port.map { (spec, $0) } }
        if let current = routerSpec, let wanted, current.spec == wanted.0, current.port == wanted.1 { return }
        await stopRouter()
        guard let (spec, port) = wanted else { return }
        let router = Router(configuration: routerConfiguration(spec, port: port), logger: logger)
        do {
            _ = try await router.start()
        } catch {
            throw ConvergeError("router.port: \(error)")
        }
        self.router = router
        self.routerSpec = (spec, port)
        record("router", "router listening on http://\(spec.host):\(port)")
        for name in Set(spec.routes.map(\.service)) { updateBackends(of: name) }
    }

    func stopRouter() async {
        guard let router else { return }
        self.router = nil
        self.routerSpec = nil
        do {
            try await router.shutdown()
        } catch {
            logger.warning("router shutdown: \(error)")
        }
    }

    /// Tells the router which replicas of `service` may take requests: running, and healthy when
    /// the service has a health check.
    func updateBackends(of service: String) {
        guard let router, let unit = services[service] else { return }
        router.setBackends(service: service, readyBackends(unit))
    }

    func readyBackends(_ unit: ServiceUnit) -> [Backend] {
        unit.replicas.compactMap { replica in
            guard replica.lifecycle.state == .running, let port = replica.port else { return nil }
            if unit.service.health != nil, replica.lifecycle.health != .healthy { return nil }
            return Backend(host: "127.0.0.1", port: port, name: replica.key.description)
        }
    }
}
