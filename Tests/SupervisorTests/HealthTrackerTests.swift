import Supervisor
import Testing
import Vocabulary

@Suite struct HealthTrackerTests {
    @Test func firstSuccessIsHealthy() {
        var tracker = HealthTracker()
        #expect(tracker.health == .unknown)
        #expect(tracker.probeSucceeded(at: .seconds(1)) == .healthChanged(.healthy))
        #expect(tracker.health == .healthy)
        #expect(tracker.probeSucceeded(at: .seconds(2)) == .none)
    }

    @Test func failuresInsideTheStartPeriodDoNotCount() {
        var tracker = HealthTracker(configuration: .init(retries: 3, startPeriod: .seconds(10)))
        for second in 1...9 {
            #expect(tracker.probeFailed(at: .seconds(second), reason: "connection refused") == .none)
        }
        #expect(tracker.consecutiveFailures == 0)
        #expect(tracker.health == .unknown)
        #expect(tracker.lastFailureReason == "connection refused")
        #expect(tracker.probeFailed(at: .seconds(10), reason: "HTTP 503") == .none)
        #expect(tracker.probeFailed(at: .seconds(11), reason: "HTTP 503") == .none)
        #expect(tracker.consecutiveFailures == 2)
        #expect(tracker.probeFailed(at: .seconds(12), reason: "HTTP 503") == .livenessFailed)
        #expect(tracker.health == .unhealthy)
    }

    @Test func afterBeingHealthyFailuresCountEvenInsideTheStartPeriod() {
        var tracker = HealthTracker(configuration: .init(retries: 3, startPeriod: .seconds(10)))
        #expect(tracker.probeSucceeded(at: .seconds(2)) == .healthChanged(.healthy))
        #expect(tracker.probeFailed(at: .seconds(3), reason: "timed out after 1s") == .none)
        #expect(tracker.probeFailed(at: .seconds(4), reason: "timed out after 1s") == .none)
        #expect(tracker.health == .healthy)
        #expect(tracker.probeFailed(at: .seconds(5), reason: "timed out after 1s") == .livenessFailed)
        #expect(tracker.health == .unhealthy)
        #expect(tracker.lastFailureReason == "timed out after 1s")
    }

    @Test func aSuccessResetsTheCount() {
        var tracker = HealthTracker(configuration: .init(retries: 3))
        _ = tracker.probeSucceeded(at: .seconds(1))
        _ = tracker.probeFailed(at: .seconds(2), reason: "x")
        _ = tracker.probeFailed(at: .seconds(3), reason: "x")
        #expect(tracker.probeSucceeded(at: .seconds(4)) == .none)
        #expect(tracker.consecutiveFailures == 0)
        #expect(tracker.probeFailed(at: .seconds(5), reason: "x") == .none)
        #expect(tracker.probeFailed(at: .seconds(6), reason: "x") == .none)
        #expect(tracker.health == .healthy)
    }

    @Test func livenessFailsOnceThenRecovers() {
        var tracker = HealthTracker(configuration: .init(retries: 2))
        #expect(tracker.probeFailed(at: .seconds(1), reason: "x") == .none)
        #expect(tracker.probeFailed(at: .seconds(2), reason: "x") == .livenessFailed)
        #expect(tracker.probeFailed(at: .seconds(3), reason: "x") == .none)
        #expect(tracker.health == .unhealthy)
        #expect(tracker.probeSucceeded(at: .seconds(4)) == .healthChanged(.healthy))
        #expect(tracker.probeFailed(at: .seconds(5), reason: "x") == .none)
        #expect(tracker.probeFailed(at: .seconds(6), reason: "x") == .livenessFailed)
    }

    @Test(arguments: [0, 1])
    func retriesBelowOneCountAsOne(retries: Int) {
        var tracker = HealthTracker(configuration: .init(retries: retries))
        #expect(tracker.probeFailed(at: .seconds(1), reason: "x") == .livenessFailed)
    }

    @Test func withoutAStartPeriodTheFirstFailuresCount() {
        var tracker = HealthTracker(configuration: .init(retries: 3))
        _ = tracker.probeFailed(at: .milliseconds(1), reason: "x")
        #expect(tracker.consecutiveFailures == 1)
        #expect(tracker.hasBeenHealthy == false)
    }

    @Test func trackerDrivesTheReplicaLifecycle() {
        var replica = runningReplica(.init(restart: .onFailure))
        var tracker = HealthTracker(configuration: .init(retries: 2))
        var actions: [ReplicaLifecycle.Action] = []
        let results: [(Duration, Bool)] = [(.seconds(1), true), (.seconds(2), false), (.seconds(3), false)]
        for (time, ok) in results {
            switch ok ? tracker.probeSucceeded(at: time) : tracker.probeFailed(at: time, reason: "HTTP 500") {
            case .none: break
            case .healthChanged(let health): replica.healthChanged(health)
            case .livenessFailed: actions.append(replica.livenessFailed())
            }
        }
        #expect(actions == [.stopGroup(signal: replica.configuration.stopSignal, timeout: .seconds(10), wasPaused: false)])
        #expect(replica.health == .unhealthy)
    }
}
