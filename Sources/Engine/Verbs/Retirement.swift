import Foundation
import Router

/// Takes replicas of one unit away without dropping a request: withdrawn from the router, drained
/// (`DrainWatch`), then stopped and forgotten. What scale-down does to the replicas over the count.
struct Retirement {
    let units: UnitEngine
    let set: ReplicaSet

    /// Withdraws `keys`, waits until the router answered what it sent them (up to `timeout`),
    /// then stops and forgets them.
    func retire(_ keys: [ReplicaKey], drainingFor timeout: Duration) async {
        await set.withdraw(keys)
        let elapsed = ReplicaRunner.stopwatch(units.clock)
        var watch = DrainWatch(deadline: timeout)
        while true {
            if let drained = watch.look(open: await Self.openConnections(keys, units: units), at: elapsed()) {
                if !drained {
                    units.journal.record("drain", service: set.name,
                                         "\(keys) still had requests in flight after \(ReplicaRunner.format(timeout)); stopping")
                }
                break
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        await set.stopAndForget(keys)
    }

    /// The connections the router still holds to `keys`: zero once withdrawn replicas are drained.
    static func openConnections(_ keys: [ReplicaKey], units: UnitEngine) async -> Int {
        guard let router = await units.router else { return 0 }
        var open = 0
        for key in keys {
            if let backend = await units.view(key)?.backend { open += await router.openConnections(to: backend) }
        }
        return open
    }
}
