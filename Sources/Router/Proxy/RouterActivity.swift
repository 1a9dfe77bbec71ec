import NIOCore
import Synchronization

/// When the router last routed anything, and how much is open now: requests in flight (a
/// long SSE response among them) and WebSocket tunnels. The daemon's idle sleep reads it.
///
/// Each event loop counts in its own ``Counter``, so a request touches no memory another core
/// writes; only ``idle``, read now and then, looks at them all.
final class RouterActivity: Sendable {
    /// One writer's count of what is open, and when it last began or ended something.
    final class Counter: Sendable {
        private let open = Atomic<Int>(0)
        /// `NIODeadline` in nanoseconds at the last begin or end.
        fileprivate let last = Atomic<Int64>(Int64(NIODeadline.now().uptimeNanoseconds))

        fileprivate var openCount: Int { open.load(ordering: .relaxed) }

        func began(at now: NIODeadline = .now()) {
            open.add(1, ordering: .relaxed)
            last.store(Int64(now.uptimeNanoseconds), ordering: .relaxed)
        }

        func ended(at now: NIODeadline = .now()) {
            open.subtract(1, ordering: .relaxed)
            last.store(Int64(now.uptimeNanoseconds), ordering: .relaxed)
        }
    }

    private let counters = Mutex<[Counter]>([])
    /// For what is not an event loop's: a request noted by hand, the tests.
    private let shared: Counter

    init() {
        let shared = Counter()
        self.shared = shared
        counters.withLock { $0.append(shared) }
    }

    /// A new counter, for one event loop to use alone.
    func counter() -> Counter {
        let counter = Counter()
        counters.withLock { $0.append(counter) }
        return counter
    }

    func began() { shared.began() }

    func ended() { shared.ended() }

    /// How long nothing has been routed and nothing has been open; zero while anything is.
    var idle: Duration {
        let (open, last) = counters.withLock { counters in
            (counters.reduce(0) { $0 + $1.openCount }, counters.map { $0.last.load(ordering: .relaxed) }.max() ?? 0)
        }
        guard open <= 0 else { return .zero }
        return .nanoseconds(max(0, Int64(NIODeadline.now().uptimeNanoseconds) - last))
    }
}
