import Synchronization

/// `wake_on_request`: what a request to a paused or sleeping environment calls to wake it, once
/// per time asleep however many requests come (they all wait for the same wake).
final class WakeRequests: Sendable {
    private struct State {
        var wake: (@Sendable () -> Void)?
        var requested = false
    }

    private let state = Mutex(State())

    /// Whether requests wake the environment (a hook is set).
    var enabled: Bool { state.withLock { $0.wake != nil } }

    func set(_ wake: (@Sendable () -> Void)?) {
        state.withLock { $0.wake = wake }
    }

    /// Whether a wake was asked for and the environment is not serving again yet: a request that
    /// finds no replica meanwhile is held too.
    var waking: Bool { state.withLock { $0.requested && $0.wake != nil } }

    /// The environment fell asleep again, or serves again: the next request calls the hook again.
    func reset() {
        state.withLock { $0.requested = false }
    }

    /// Calls the hook, unless it was called since the last `reset`.
    func request() {
        let wake = state.withLock { state -> (@Sendable () -> Void)? in
            guard !state.requested, let wake = state.wake else { return nil }
            state.requested = true
            return wake
        }
        wake?()
    }
}
