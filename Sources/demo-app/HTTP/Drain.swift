import Foundation

/// The requests in flight, so a stopping server lets them finish.
///
/// After `start()`, each connection closes once its current response is written, and
/// `finished(within:)` waits for the last response; idle keep-alive connections are then ended.
final class Drain: @unchecked Sendable {
    private let lock = NSLock()
    private var inFlight = 0  // guarded by `lock`
    private var draining = false  // guarded by `lock`

    func requestStarted() {
        lock.withLock { inFlight += 1 }
    }

    func requestFinished() {
        lock.withLock { inFlight -= 1 }
    }

    func start() {
        lock.withLock { draining = true }
    }

    /// Whether the server is stopping: a connection closes after its current response.
    var isDraining: Bool {
        lock.withLock { draining }
    }

    /// Waits until no request is in flight; false when `limit` passed first.
    func finished(within limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while lock.withLock({ inFlight }) > 0 {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }
}
