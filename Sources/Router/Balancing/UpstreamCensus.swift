import Synchronization

/// How many connections the router holds open to each replica, in use or pooled, over every
/// event loop. A replica taken out of rotation is drained when its count reaches zero: its
/// in-flight requests are answered and its keep-alive connections closed.
///
/// Counted per connection (opened, closed), never per request: keep-alive traffic takes no lock.
final class UpstreamCensus: Sendable {
    private let counts = Mutex<[Backend: Int]>([:])

    init() {}

    func opened(_ backend: Backend) {
        counts.withLock { $0[backend, default: 0] += 1 }
    }

    func closed(_ backend: Backend) {
        counts.withLock { counts in
            let left = (counts[backend] ?? 1) - 1
            counts[backend] = left > 0 ? left : nil
        }
    }

    func count(_ backend: Backend) -> Int {
        counts.withLock { $0[backend] ?? 0 }
    }
}
