import Testing

@testable import Engine

/// The rolling replacement as a pure state machine, its time given by the test.
@Suite struct RolloutTests {
    static func key(_ index: Int) -> ReplicaKey { ReplicaKey(service: "web", index: index) }

    @Test func eachOldReplicaIsReplacedThenWithdrawnDrainedAndStoppedInTurn() {
        var rollout = Rollout(replacing: [Self.key(0), Self.key(1)], healthDeadline: .seconds(30), grace: .seconds(10), drainTimeout: .seconds(10))
        #expect(rollout.begin() == .startReplacement(for: Self.key(0)))
        #expect(rollout.started(Self.key(2), at: .seconds(0)) == .awaitReplacement(Self.key(2)))
        #expect(rollout.observe(serves: false, exited: nil, unhealthy: false, at: .seconds(1)) == .awaitReplacement(Self.key(2)), "not healthy yet")
        #expect(rollout.observe(serves: true, exited: nil, unhealthy: false, at: .seconds(2)) == .withdraw(Self.key(0)), "the old one leaves only now")
        #expect(rollout.drain(open: 2, at: .seconds(2)) == .awaitDrain(Self.key(0)), "requests still in flight to it")
        #expect(rollout.drain(open: 0, at: .seconds(3)) == .awaitDrain(Self.key(0)), "zero once: look again")
        #expect(rollout.drain(open: 0, at: .seconds(3)) == .stop(Self.key(0)))
        #expect(rollout.stopped() == .startReplacement(for: Self.key(1)), "one at a time")
        #expect(rollout.started(Self.key(0), at: .seconds(4)) == .awaitReplacement(Self.key(0)))
        #expect(rollout.observe(serves: true, exited: nil, unhealthy: false, at: .seconds(5)) == .withdraw(Self.key(1)))
        #expect(rollout.drain(open: 0, at: .seconds(5)) == .awaitDrain(Self.key(1)))
        #expect(rollout.drain(open: 0, at: .seconds(5)) == .stop(Self.key(1)))
        #expect(rollout.stopped() == .finished)
        #expect(rollout.replaced.map(\.new) == [Self.key(2), Self.key(0)])
    }

    @Test func aDrainThatOutlastsTheStopTimeoutStopsTheOldReplicaAnyway() {
        var rollout = Rollout(replacing: [Self.key(0)], healthDeadline: .seconds(30), grace: .seconds(10), drainTimeout: .seconds(10))
        _ = rollout.begin()
        _ = rollout.started(Self.key(1), at: .zero)
        #expect(rollout.observe(serves: true, exited: nil, unhealthy: false, at: .seconds(1)) == .withdraw(Self.key(0)))
        #expect(rollout.drain(open: 1, at: .seconds(10)) == .awaitDrain(Self.key(0)))
        #expect(rollout.drain(open: 1, at: .seconds(11)) == .stop(Self.key(0)), "stop_timeout passed")
    }

    @Test func aReplacementThatFailsOrNeverServesEndsTheRolloutWithTheOldOnesServing() {
        var failing = Rollout(replacing: [Self.key(0), Self.key(1)], healthDeadline: .seconds(30), grace: .seconds(10), drainTimeout: .seconds(10))
        _ = failing.begin()
        _ = failing.started(Self.key(2), at: .zero)
        #expect(failing.observe(serves: false, exited: nil, unhealthy: true, at: .seconds(3)) == .awaitReplacement(Self.key(2)),
                "unhealthy within its grace: maybe a slow start")
        #expect(failing.observe(serves: false, exited: nil, unhealthy: true, at: .seconds(10))
                == .abandon(Self.key(2), reason: "web.2 failed its health check"))
        #expect(failing.stopped() == .finished, "nothing more is replaced")
        #expect(failing.replaced.isEmpty)

        var crashing = Rollout(replacing: [Self.key(0)], healthDeadline: .seconds(30), grace: .seconds(10), drainTimeout: .seconds(10))
        _ = crashing.begin()
        _ = crashing.started(Self.key(1), at: .zero)
        #expect(crashing.observe(serves: false, exited: "exit 1", unhealthy: false, at: .seconds(1))
                == .abandon(Self.key(1), reason: "web.1 exited (exit 1)"), "an exit fails at once")

        var slow = Rollout(replacing: [Self.key(0)], healthDeadline: .seconds(30), grace: .seconds(10), drainTimeout: .seconds(10))
        _ = slow.begin()
        _ = slow.started(Self.key(1), at: .seconds(5))
        #expect(slow.observe(serves: false, exited: nil, unhealthy: false, at: .seconds(34)) == .awaitReplacement(Self.key(1)))
        #expect(slow.observe(serves: false, exited: nil, unhealthy: false, at: .seconds(35)) == .abandon(Self.key(1), reason: "web.1 did not become healthy within 30.00s"))
    }

    @Test func nothingToReplaceFinishesAtOnce() {
        var rollout = Rollout(replacing: [], healthDeadline: .seconds(30), grace: .seconds(10), drainTimeout: .seconds(10))
        #expect(rollout.begin() == .finished)
    }

    @Test func aWithdrawnReplicaIsDrainedAtZeroOnTwoLooksInARowOrAtItsDeadline() {
        var watch = DrainWatch(deadline: .seconds(10))
        #expect(watch.look(open: 0, at: .seconds(1)) == nil, "one look at zero may miss a connection being opened")
        #expect(watch.look(open: 1, at: .seconds(1)) == nil, "it was: count again from there")
        #expect(watch.look(open: 0, at: .seconds(2)) == nil)
        #expect(watch.look(open: 0, at: .seconds(2)) == true)

        var slow = DrainWatch(deadline: .seconds(10))
        #expect(slow.look(open: 3, at: .seconds(9)) == nil)
        #expect(slow.look(open: 3, at: .seconds(10)) == false, "stop_timeout passed with requests in flight")
    }
}
