import Manifest

extension EnvironmentSupervisor {
    /// Starts, replaces or stops the router so it matches `spec`. A router whose routes and port
    /// are unchanged keeps serving.
    func convergeRouter(_ spec: RouterSpec?, port: Int?) async throws {
        if let current = routerSlot, let spec, let port, current.serves(spec, port: port) { return }
        await stopRouter()
        guard let spec, let port else { return }
        let slot = try await RouterSlot.start(spec, port: port, accessLogPath: project.path(".devenv/\(name)/logs/router.access.log"),
                                              logger: logger)
        routerSlot = slot
        record("router", "router listening on http://\(spec.host):\(port)")
        await units.use(router: slot.router, routing: Set(spec.routes.map(\.service)))
    }

    func stopRouter() async {
        guard let slot = routerSlot else { return }
        routerSlot = nil
        await units.use(router: nil, routing: [])
        await slot.stop(logger: logger)
    }
}
