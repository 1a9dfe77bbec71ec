import Synchronization

/// Counts an environment's changes and wakes whoever waits for the next one: `up` following
/// progress, a wave of units waiting for its replicas to stop, a rollout waiting for its
/// replacement to serve. Whoever changes something calls `notify()`; a waiter reads `version`
/// before it checks its condition, so no change between the two is missed.
final class ChangeFeed: Sendable {
    private struct Waiting {
        var version = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let guarded = Mutex(Waiting())

    var version: Int { guarded.withLock { $0.version } }

    /// How many wait for the next change now.
    var waiting: Int { guarded.withLock { $0.waiters.count } }

    /// Counts a change and wakes every waiter.
    func notify() {
        let woken = guarded.withLock { waiting in
            waiting.version += 1
            defer { waiting.waiters = [] }
            return waiting.waiters
        }
        for waiter in woken { waiter.resume() }
    }

    /// Returns once a change came after `seen` (at once if one has).
    func wait(after seen: Int) async {
        await withCheckedContinuation { continuation in
            let passed = guarded.withLock { waiting in
                if waiting.version > seen { return true }
                waiting.waiters.append(continuation)
                return false
            }
            if passed { continuation.resume() }
        }
    }

    /// Suspends until `condition` holds, re-checking it after every change. Runs on the caller's
    /// actor, so `condition` may read its state.
    func wait(until condition: () -> Bool, isolation: isolated (any Actor)? = #isolation) async {
        while true {
            let seen = version
            if condition() { return }
            await wait(after: seen)
        }
    }

    /// Returns once a change came after `seen` (at once if one has), or after `timeout`.
    func wait(after seen: Int, timeout: Duration) async {
        guard version <= seen else { return }
        let deadline = Task {
            try? await Task.sleep(for: timeout)
            self.notify()
        }
        await wait(after: seen)
        deadline.cancel()
    }
}
