import Foundation
import Manifest
import Supervisor
import Vocabulary

extension EnvironmentSupervisor {
    /// Replaces every replica of `name`, one at a time, with no request dropped (`Rollout`).
    /// - Throws: `ConvergeError` when a replacement does not come to serve: the rollout stops
    ///   there, the old replicas still serving.
    func roll(_ name: String) async throws {
        guard let unit = graph[name] else { return }
        let olds = unit.replicas.filter { !$0.leaving }.map(\.key)
        let startPeriod = unit.service.health?.startPeriod ?? .zero
        var rollout = Rollout(replacing: olds, healthDeadline: startPeriod + .seconds(60), grace: max(startPeriod, Self.rolloutGrace),
                              drainTimeout: unit.service.stopTimeout)
        let clock = self.clock
        let elapsed = ReplicaRunner.stopwatch(clock)
        record("rolling", service: name, "replacing the \(olds.count) replica(s) of \(name) one at a time")
        var action = rollout.begin()
        while true {
            switch action {
            case .startReplacement(let old):
                guard let new = addReplica(to: name) else { return }
                record("replacing", service: name, "\(new.key) starts to replace \(old)")
                await new.runner.start()
                action = rollout.started(new.key, at: elapsed())
            case .awaitReplacement(let new):
                await waitForChange(after: version, timeout: .milliseconds(100))
                let view = graph.slot(new)?.view
                action = rollout.observe(serves: view?.serves ?? false, exited: Self.exit(of: view),
                                         unhealthy: view.map { $0.hasHealthCheck && $0.status.health == .unhealthy } ?? false,
                                         at: elapsed())
            case .withdraw(let old):
                withdraw([old])
                action = rollout.drain(open: await openConnections([old]), at: elapsed())
            case .awaitDrain(let old):
                try? await Task.sleep(for: .milliseconds(20))
                action = rollout.drain(open: await openConnections([old]), at: elapsed())
            case .stop(let old):
                await stopAndForget([old])
                record("replaced", service: name, "\(old) replaced by \(rollout.replaced.last.map { "\($0.new)" } ?? "?")")
                action = rollout.stopped()
            case .abandon(let new, let reason):
                await stopAndForget([new])
                record("rollout-failed", service: name, "\(reason); the rollout stopped, the old replicas still serve")
                throw ConvergeError("\(name): \(reason); the rollout stopped and the old replicas still serve")
            case .finished:
                refreshServicePorts(of: name)
                record("rolled", service: name, "every replica of \(name) replaced")
                return
            }
        }
    }

    /// How long a replacement that fails its health checks is given anyway (or its start_period,
    /// when longer): a slow first start on a loaded machine is not a failure.
    static let rolloutGrace: Duration = .seconds(10)

    /// How a replacement ended for good, if it did.
    static func exit(of view: ReplicaReport?) -> String? {
        guard let view else { return "removed" }
        guard view.isSettled else { return nil }
        return view.status.lastExit?.description ?? view.status.launchFailure ?? "stopped"
    }

    /// A new replica of `name` at its lowest free index, on a free port, not yet started.
    func addReplica(to name: String) -> ReplicaSlot? {
        guard var unit = graph[name] else { return nil }
        let used = Set(unit.replicas.map(\.key.index))
        let index = (0...).first { !used.contains($0) } ?? unit.replicas.count
        let taken = graph.ports.union([routerSlot?.port, database?.port].compactMap { $0 })
        let port = unit.service.port == nil ? nil : PortAllocator.freePort(avoiding: taken)
        let slot = makeReplica(unit.service, index: index, port: port)
        unit.replicas.append(slot)
        unit.replicas.sort { $0.key.index < $1.key.index }
        graph[name] = unit
        return slot
    }

    /// What `${services.<name>.port}` resolves to after its replicas moved.
    func refreshServicePorts(of name: String) {
        facts.servicePorts[name] = graph[name]?.replicas.compactMap(\.view.port)
    }

    /// `devenv restart [SERVICE…] [--rolling]`: each service in turn; rolled where it can be, and
    /// else replaced in place with a line saying why.
    /// - Returns: what was done, one line per service.
    public func restart(services: [String], rolling: Bool) async throws -> [String] {
        let names = services.isEmpty ? graph.order : services
        for name in names where graph[name] == nil {
            throw ConvergeError("no service '\(name)' in \(self.name)" + ConvergeError.known(Array(graph.units.keys)))
        }
        guard rolling else {
            await restartInPlace(Set(names))
            let what = services.isEmpty ? "every service" : names.joined(separator: ", ")
            record("restart", service: services.count == 1 ? services.first : nil, "restarting \(what)")
            return ["restarted \(what)"]
        }
        var lines: [String] = []
        for name in names {
            guard let unit = graph[name] else { continue }
            if let reason = UpdatePolicy.inPlaceReason(unit.service, in: environment) ?? (unit.started ? nil : "\(name) has not started") {
                record("restart", service: name, reason)
                await restartInPlace([name])
                lines.append(reason)
            } else {
                try await roll(name)
                lines.append("\(name): rolled, one replica at a time")
            }
        }
        return lines
    }
}
