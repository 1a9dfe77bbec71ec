import Foundation
import Manifest
import Supervisor
import Vocabulary

/// Replaces every replica of one unit, one at a time, with no request dropped: the `Rollout`
/// state machine decides, this carries its actions out through the engine — start a
/// replacement, wait for it to serve, withdraw and drain an old replica, stop it.
struct RollingRestart {
    let units: UnitEngine
    let name: String

    /// How long a replacement that fails its health checks is given anyway (or its start_period,
    /// when longer): a slow first start on a loaded machine is not a failure.
    static let grace: Duration = .seconds(10)

    /// - Throws: `ConvergeError` when a replacement does not come to serve: the rollout stops
    ///   there, the old replicas still serving.
    func run() async throws {
        guard let unit = await units.unit(name) else { return }
        let set = unit.set
        let olds = unit.replicas.filter { !$0.leaving }.map(\.key)
        let startPeriod = unit.service.health?.startPeriod ?? .zero
        var rollout = Rollout(replacing: olds, healthDeadline: startPeriod + .seconds(60), grace: max(startPeriod, Self.grace),
                              drainTimeout: unit.service.stopTimeout)
        let elapsed = ReplicaRunner.stopwatch(units.clock)
        units.journal.record("rolling", service: name, "replacing the \(olds.count) replica(s) of \(name) one at a time")
        var action = rollout.begin()
        while true {
            switch action {
            case .startReplacement(let old):
                guard let new = await Resizing(units: units).addReplica(to: name) else { return }
                units.journal.record("replacing", service: name, "\(new.key) starts to replace \(old)")
                await new.runner.start()
                action = rollout.started(new.key, at: elapsed())
            case .awaitReplacement(let new):
                await units.changes.wait(after: units.changes.version, timeout: .milliseconds(100))
                let view = await units.view(new)
                action = rollout.observe(serves: view?.serves ?? false, exited: Self.exit(of: view),
                                         unhealthy: view.map { $0.hasHealthCheck && $0.status.health == .unhealthy } ?? false,
                                         at: elapsed())
            case .withdraw(let old):
                await set.withdraw([old])
                action = rollout.drain(open: await Retirement.openConnections([old], units: units), at: elapsed())
            case .awaitDrain(let old):
                try? await Task.sleep(for: .milliseconds(20))
                action = rollout.drain(open: await Retirement.openConnections([old], units: units), at: elapsed())
            case .stop(let old):
                await set.stopAndForget([old])
                units.journal.record("replaced", service: name,
                                   "\(old) replaced by \(rollout.replaced.last.map { "\($0.new)" } ?? "?")")
                action = rollout.stopped()
            case .abandon(let new, let reason):
                await set.stopAndForget([new])
                units.journal.record("rollout-failed", service: name, "\(reason); the rollout stopped, the old replicas still serve")
                throw ConvergeError("\(name): \(reason); the rollout stopped and the old replicas still serve")
            case .finished:
                await units.refreshServicePorts(of: name)
                units.journal.record("rolled", service: name, "every replica of \(name) replaced")
                return
            }
        }
    }

    /// How a replacement ended for good, if it did.
    static func exit(of view: ReplicaReport?) -> String? {
        guard let view else { return "removed" }
        guard view.isSettled else { return nil }
        return view.status.lastExit?.description ?? view.status.launchFailure ?? "stopped"
    }
}
