import Logging
import Manifest
import Router

/// The environment's path router and what it was started from.
struct RouterSlot {
    let router: Router
    let spec: RouterSpec
    let port: Int

    /// Starts a router for `spec` on `port`.
    /// - Throws: `ConvergeError` naming `router.port` when it cannot listen.
    static func start(_ spec: RouterSpec, port: Int, accessLogPath: String, logger: Logger) async throws -> RouterSlot {
        let configuration = RouterConfiguration(
            host: spec.host, port: port,
            routes: spec.routes.map { route in
                RouteRule(path: route.path, service: route.service, stripPrefix: route.stripPrefix,
                          basicAuth: route.auth.map { BasicAuthCredentials(user: $0.user, password: $0.password) })
            },
            accessLogPath: accessLogPath)
        let router = Router(configuration: configuration, logger: logger)
        do {
            _ = try await router.start()
        } catch {
            throw ConvergeError("router.port: \(error)")
        }
        return RouterSlot(router: router, spec: spec, port: port)
    }

    /// Whether it already serves `spec` on `port`: a converge never drops a connection it need not.
    func serves(_ spec: RouterSpec, port: Int) -> Bool {
        self.spec == spec && self.port == port
    }

    func stop(logger: Logger) async {
        do {
            try await router.shutdown()
        } catch {
            logger.warning("router shutdown: \(error)")
        }
    }
}
