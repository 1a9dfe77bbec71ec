import Foundation
import Router
import State

extension EnvironmentSupervisor {
    /// Takes replicas out of rotation: the router sends them nothing new.
    func withdraw(_ keys: [ReplicaKey]) {
        for key in keys { graph.update(key) { $0.leaving = true } }
        for service in Set(keys.map(\.service)) { updateBackends(of: service) }
    }

    /// The connections the router still holds to `keys`: zero once withdrawn replicas are drained.
    func openConnections(_ keys: [ReplicaKey]) async -> Int {
        guard let router else { return 0 }
        var open = 0
        for case let backend? in keys.map({ graph.slot($0)?.view.backend }) {
            open += await router.openConnections(to: backend)
        }
        return open
    }

    /// Withdraws replicas, waits until the router answered what it sent them (up to `timeout`),
    /// then stops and forgets them.
    func retire(_ keys: [ReplicaKey], drainingFor timeout: Duration) async {
        withdraw(keys)
        let clock = self.clock
        let elapsed = ReplicaRunner.stopwatch(clock)
        var watch = DrainWatch(deadline: timeout)
        while true {
            if let drained = watch.look(open: await openConnections(keys), at: elapsed()) {
                if !drained {
                    record("drain", service: keys.first?.service,
                           "\(keys) still had requests in flight after \(ReplicaRunner.format(timeout)); stopping")
                }
                break
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        await stopAndForget(keys)
    }

    /// Stops replicas and removes them, and their rows, from the environment.
    func stopAndForget(_ keys: [ReplicaKey]) async {
        let slots = keys.compactMap { graph.slot($0) }
        for slot in slots { await slot.runner.stop() }
        await waitUntil { keys.allSatisfy { self.graph.slot($0)?.view.isSettled ?? true } }
        for slot in slots { await slot.runner.quiesce() }
        for service in Set(keys.map(\.service)) {
            graph[service]?.replicas.removeAll { keys.contains($0.key) }
            journal.flushNow()  // no queued write may bring a deleted row back
            journal.write("delete the records of \(service)'s removed replicas") {
                try $0.deleteReplicas(environment: self.name, service: service,
                                      indexes: keys.filter { $0.service == service }.map(\.index))
            }
            updateBackends(of: service)
        }
        notifyChange()
    }
}
