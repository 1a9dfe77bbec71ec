import Foundation

/// Takes replicas away without dropping a request: withdrawn from the router, drained (`DrainWatch`),
/// then stopped and forgotten. What scale-down does to the replicas over the count.
struct Retirement {
    let units: UnitEngine

    /// Withdraws `keys`, waits until the router answered what it sent them (up to `timeout`),
    /// then stops and forgets them.
    func retire(_ keys: [ReplicaKey], drainingFor timeout: Duration) async {
        await units.withdraw(keys)
        let elapsed = ReplicaRunner.stopwatch(units.clock)
        var watch = DrainWatch(deadline: timeout)
        while true {
            if let drained = watch.look(open: await units.openConnections(keys), at: elapsed()) {
                if !drained {
                    await units.record("drain", service: keys.first?.service,
                                       "\(keys) still had requests in flight after \(ReplicaRunner.format(timeout)); stopping")
                }
                break
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        await units.stopAndForget(keys)
    }
}
