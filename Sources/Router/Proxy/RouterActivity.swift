import NIOCore
import Synchronization

/// When the router last routed anything, and how much is open now: requests in flight (a
/// long SSE response among them) and WebSocket tunnels. The daemon's idle sleep reads it.
final class RouterActivity: Sendable {
    private let open = Atomic<Int>(0)
    /// `NIODeadline.now()` in nanoseconds at the last begin or end.
    private let last = Atomic<Int64>(Int64(NIODeadline.now().uptimeNanoseconds))

    func began() {
        open.add(1, ordering: .relaxed)
        touch()
    }

    func ended() {
        open.subtract(1, ordering: .relaxed)
        touch()
    }

    private func touch() {
        last.store(Int64(NIODeadline.now().uptimeNanoseconds), ordering: .relaxed)
    }

    /// How long nothing has been routed and nothing has been open; zero while anything is.
    var idle: Duration {
        guard open.load(ordering: .relaxed) <= 0 else { return .zero }
        let since = Int64(NIODeadline.now().uptimeNanoseconds) - last.load(ordering: .relaxed)
        return .nanoseconds(max(0, since))
    }
}
