import Foundation
import Manifest
import State
import Supervisor

extension EnvironmentSupervisor {
    /// Brings what runs in line with `manifest` (with the counts `devenv scale` set): the
    /// container runtime, the ports, Postgres and the router; then the units (`Convergence`):
    /// changed ones are rolled out replica by replica where they can be (`RollingRestart`), else
    /// replaced; removed ones stopped, new ones started once their dependencies are ready.
    /// - Returns: what was done differently from what one might expect (replaced in place, why).
    /// - Throws: `ConvergeError` before changing anything when the manifest cannot run here; or,
    ///   after all else is done, when a rollout stopped because a replacement did not serve.
    @discardableResult
    public func converge(to manifest: Environment, baseEnvironment: [String: String]) async throws -> [String] {
        let target = scales.applied(to: manifest)
        let plan = try UnitCatalog.dependencyPlan(for: target)
        if target.usesContainers { try await useContainers(for: target) }
        let scheduleChanged = environment.schedule != target.schedule
        var (ports, facts) = try PortPlan.allocate(for: target, graph: await units.graph, currentRouter: routerSlot?.port, state: state,
                                                   journal: journal)
        let database = try await prepareDatabase(for: target, facts: facts)
        facts.databases = await units.facts.databases
        let blueprints = UnitCatalog.blueprints(for: target, database: database, probes: probes)

        try await convergeRouter(target.router, port: facts.routerPort)
        self.manifest = manifest
        self.environment = target
        self.database = database
        let launchPlan = LaunchPlan(project: project, environment: target, facts: facts, baseEnvironment: baseEnvironment)
        let applied = await Convergence(units: units).apply(blueprints, plan: plan, launchPlan: launchPlan, ports: ports)
        keepClockwork(scheduleChanged: scheduleChanged)
        for note in applied.notes { record("replace", service: nil, note) }
        var failures: [String] = []
        for name in applied.rolled {
            do {
                try await RollingRestart(units: units, name: name).run()
                if let service = target.service(named: name) { await Resizing(units: units).resize(service, ports: []) }
            } catch {
                failures.append("\(error)")
                if let before = applied.previous[name] { await units.adopt(before) }
            }
        }
        if !failures.isEmpty { throw ConvergeError(failures.joined(separator: "; ")) }
        return applied.notes
    }

    /// Stops everything, in reverse dependency order: the clockwork, the router, the units, and
    /// the containers they leave.
    public func stopAll() async {
        clockwork.stop()
        await stopRouter()
        let active = await units.stopAll()
        await ContainerSetup.removeLeftovers(runtime: await units.runtime, project: project, environment: name, journal: journal,
                                             logger: logger)
        if active { record("down", "every service stopped") }
    }

    /// Gets the container runtime `target` needs, before anything changes (`ContainerSetup`):
    /// the process runtime, wrapped in a container runtime once the manifest runs anything from an
    /// image (it hands every other spec to the one it wraps). The engine runs new replicas through it.
    func useContainers(for target: Environment) async throws {
        let (chosen, isNew) = try await ContainerSetup.runtime(for: target, current: await units.runtime)
        guard isNew else { return }
        await units.use(runtime: chosen)
        await ContainerSetup.removeLeftovers(runtime: chosen, project: project, environment: name, journal: journal, logger: logger)
    }
}
