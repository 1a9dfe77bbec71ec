import Testing

@testable import Engine

/// The engine's count of changes: a waiter never misses a change that came after what it saw,
/// and never wakes before one comes (or its timeout passes).
@Suite struct ChangeFeedTests {
    @Test func aWaitForAChangeAlreadyMadeReturnsAtOnce() async {
        let feed = ChangeFeed()
        let seen = feed.version
        feed.notify()
        await feed.wait(after: seen)  // would hang if the change were missed
        #expect(feed.version == seen + 1)
    }

    @Test func aWaiterSleepsUntilTheNextChange() async throws {
        let feed = ChangeFeed()
        let seen = feed.version
        let waiter = Task { await feed.wait(after: seen); return feed.version }
        try await Task.sleep(for: .milliseconds(50))
        #expect(feed.version == seen, "nothing changed, nothing woke")
        feed.notify()
        #expect(await waiter.value == seen + 1)
    }

    @Test func aTimedWaitEndsAtItsTimeoutWhenNothingChanges() async {
        let feed = ChangeFeed()
        let clock = ContinuousClock()
        let started = clock.now
        await feed.wait(after: feed.version, timeout: .milliseconds(50))
        #expect(clock.now - started >= .milliseconds(50))
    }

    @Test func everyWaiterWakesOnOneChange() async {
        let feed = ChangeFeed()
        let seen = feed.version
        let waiters = (0..<8).map { _ in Task { await feed.wait(after: seen) } }
        while feed.waiting < 8 { await Task.yield() }
        feed.notify()
        for waiter in waiters { await waiter.value }  // would hang if one were left asleep
    }

    /// A count on an actor, changed and announced through a feed.
    actor Counter {
        let feed = ChangeFeed()
        var value = 0

        func bump() {
            value += 1
            feed.notify()
        }

        /// Waits on this actor until the count reaches `target`.
        func wait(for target: Int) async -> Int {
            await feed.wait(until: { value >= target })
            return value
        }
    }

    @Test func aWaitUntilAConditionChecksItAgainAtEveryChangeOnTheCallersActor() async throws {
        let counter = Counter()
        let waiter = Task { await counter.wait(for: 3) }
        while counter.feed.waiting == 0 { await Task.yield() }
        await counter.bump()
        await counter.bump()
        try await Task.sleep(for: .milliseconds(20))
        #expect(counter.feed.waiting == 1, "two of three: still waiting")
        await counter.bump()
        #expect(await waiter.value == 3)
    }
}
