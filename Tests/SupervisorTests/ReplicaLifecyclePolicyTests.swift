import Supervisor
import Testing
import Vocabulary

/// One row of the restart matrix: what a replica of this kind and policy does after this exit.
struct ExitCase: Sendable, CustomTestStringConvertible {
    var kind: ServiceKind
    var policy: RestartPolicy
    var status: ExitStatus
    var state: ReplicaState
    var restarts: Bool

    var testDescription: String {
        "\(kind.rawValue), restart: \(policy.rawValue), \(status) → \(state.rawValue)\(restarts ? " + restart" : "")"
    }
}

@Suite struct ReplicaLifecyclePolicyTests {
    static let matrix: [ExitCase] = [
        ExitCase(kind: .service, policy: .no, status: .exited(0), state: .exited, restarts: false),
        ExitCase(kind: .service, policy: .no, status: .exited(1), state: .crashed, restarts: false),
        ExitCase(kind: .service, policy: .no, status: .signaled(9), state: .crashed, restarts: false),
        ExitCase(kind: .service, policy: .onFailure, status: .exited(0), state: .exited, restarts: false),
        ExitCase(kind: .service, policy: .onFailure, status: .exited(1), state: .crashed, restarts: true),
        ExitCase(kind: .service, policy: .onFailure, status: .signaled(9), state: .crashed, restarts: true),
        ExitCase(kind: .service, policy: .always, status: .exited(0), state: .starting, restarts: true),
        ExitCase(kind: .service, policy: .always, status: .exited(1), state: .crashed, restarts: true),
        ExitCase(kind: .service, policy: .always, status: .signaled(9), state: .crashed, restarts: true),
        ExitCase(kind: .job, policy: .no, status: .exited(0), state: .exited, restarts: false),
        ExitCase(kind: .job, policy: .no, status: .exited(1), state: .crashed, restarts: false),
        ExitCase(kind: .job, policy: .no, status: .signaled(9), state: .crashed, restarts: false),
        ExitCase(kind: .job, policy: .onFailure, status: .exited(0), state: .exited, restarts: false),
        ExitCase(kind: .job, policy: .onFailure, status: .exited(1), state: .crashed, restarts: true),
        ExitCase(kind: .job, policy: .onFailure, status: .signaled(9), state: .crashed, restarts: true),
        ExitCase(kind: .job, policy: .always, status: .exited(0), state: .exited, restarts: false),
        ExitCase(kind: .job, policy: .always, status: .exited(2), state: .crashed, restarts: true),
        ExitCase(kind: .job, policy: .always, status: .signaled(15), state: .crashed, restarts: true),
    ]

    @Test(arguments: matrix)
    func exitFollowsPolicyAndKind(_ row: ExitCase) {
        var replica = ReplicaLifecycle(configuration: .init(kind: row.kind, restart: row.policy))
        #expect(replica.state == .stopped)
        #expect(replica.start() == .spawn)
        #expect(replica.state == .starting)
        #expect(replica.spawned(pid: 42) == .none)
        #expect(replica.state == .running)
        #expect(replica.pid == 42)

        let action = replica.exited(row.status, ranFor: .seconds(1))
        #expect(replica.state == row.state)
        #expect(replica.lastExit == row.status)
        #expect(replica.pid == nil)
        #expect(replica.restartPending == row.restarts)
        guard row.restarts else {
            #expect(action == .none)
            #expect(replica.restartTimerFired() == .none)
            #expect(replica.restarts == 0)
            return
        }
        #expect(action == .scheduleRestart(after: .milliseconds(100)))
        #expect(replica.restarts == 0)
        #expect(replica.restartTimerFired() == .spawn)
        #expect(replica.restarts == 1)
        #expect(replica.state == .starting)
        #expect(replica.spawned(pid: 43) == .none)
        #expect(replica.state == .running)
        #expect(replica.pid == 43)
    }

    @Test func crashLoopShowsCrashedWithGrowingDelaysAndRestarts() {
        var replica = ReplicaLifecycle(configuration: .init(restart: .onFailure))
        _ = replica.start()
        var delays: [Duration] = []
        for attempt in 0..<4 {
            _ = replica.spawned(pid: Int32(100 + attempt))
            #expect(replica.state == .running)
            guard case .scheduleRestart(let delay) = replica.exited(.exited(1), ranFor: .milliseconds(50)) else {
                Issue.record("expected a restart after attempt \(attempt)")
                return
            }
            delays.append(delay)
            #expect(replica.state == .crashed)
            #expect(replica.status.restartPending)
            #expect(replica.restarts == attempt)
            #expect(replica.restartTimerFired() == .spawn)
            #expect(replica.restarts == attempt + 1)
        }
        #expect(delays == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800)])
    }

    @Test func stableRunResetsTheBackoff() {
        var replica = ReplicaLifecycle(configuration: .init(restart: .always))
        _ = replica.start()
        _ = replica.spawned(pid: 1)
        #expect(replica.exited(.exited(1), ranFor: .seconds(1)) == .scheduleRestart(after: .milliseconds(100)))
        _ = replica.restartTimerFired()
        _ = replica.spawned(pid: 2)
        #expect(replica.exited(.exited(1), ranFor: .seconds(1)) == .scheduleRestart(after: .milliseconds(200)))
        _ = replica.restartTimerFired()
        _ = replica.spawned(pid: 3)
        #expect(replica.exited(.exited(1), ranFor: .seconds(10)) == .scheduleRestart(after: .milliseconds(100)))
        #expect(replica.restarts == 2)
    }

    @Test func maxRestartsStopsRestarting() {
        var replica = ReplicaLifecycle(configuration: .init(restart: .always, maxRestarts: 2))
        _ = replica.start()
        for pid: Int32 in 1...2 {
            _ = replica.spawned(pid: pid)
            #expect(replica.exited(.exited(1), ranFor: .zero) != .none)
            #expect(replica.restartTimerFired() == .spawn)
        }
        _ = replica.spawned(pid: 3)
        #expect(replica.exited(.exited(1), ranFor: .zero) == .none)
        #expect(replica.state == .crashed)
        #expect(!replica.restartPending)
        #expect(replica.restarts == 2)
    }

    @Test func launchFailureRestartsUnderOnFailure() {
        var replica = ReplicaLifecycle(configuration: .init(restart: .onFailure))
        _ = replica.start()
        #expect(replica.spawnFailed(message: "no such file: demo-app") == .scheduleRestart(after: .milliseconds(100)))
        #expect(replica.state == .crashed)
        #expect(replica.launchFailure == "no such file: demo-app")
        #expect(replica.lastExit == nil)
        #expect(replica.restartTimerFired() == .spawn)
        #expect(replica.spawnFailed(message: "again") == .scheduleRestart(after: .milliseconds(200)))
        #expect(replica.restartTimerFired() == .spawn)
        #expect(replica.spawned(pid: 9) == .none)
        #expect(replica.launchFailure == nil)
        #expect(replica.restarts == 2)
    }

    @Test func launchFailureWithoutRestartIsCrashed() {
        var replica = ReplicaLifecycle(configuration: .init(restart: .no))
        _ = replica.start()
        #expect(replica.spawnFailed(message: "permission denied") == .none)
        #expect(replica.state == .crashed)
        #expect(replica.status.launchFailure == "permission denied")
        #expect(!replica.restartPending)
    }

    @Test func explicitStartAfterCrashDoesNotCountAndResetsBackoff() {
        var replica = ReplicaLifecycle(configuration: .init(restart: .onFailure, maxRestarts: 0))
        _ = replica.start()
        _ = replica.spawned(pid: 1)
        #expect(replica.exited(.signaled(11), ranFor: .zero) == .none)
        #expect(replica.state == .crashed)
        #expect(replica.start() == .spawn)
        #expect(replica.restarts == 0)
        #expect(replica.start() == .none)
        #expect(replica.state == .starting)
    }

    @Test func startWhileWaitingToRestartSpawnsAtOnce() {
        var replica = ReplicaLifecycle(configuration: .init(restart: .always))
        _ = replica.start()
        _ = replica.spawned(pid: 1)
        _ = replica.exited(.exited(3), ranFor: .zero)
        #expect(replica.start() == .spawn)
        #expect(replica.state == .starting)
        #expect(replica.restartTimerFired() == .none)
    }

    @Test func statusCarriesEverythingReported() {
        var replica = ReplicaLifecycle(configuration: .init(restart: .onFailure))
        _ = replica.start()
        _ = replica.spawned(pid: 4242)
        replica.healthChanged(.healthy)
        #expect(
            replica.status == ReplicaStatus(state: .running, pid: 4242, health: .healthy, restarts: 0)
        )
        _ = replica.exited(.exited(1), ranFor: .seconds(2))
        #expect(
            replica.status
                == ReplicaStatus(state: .crashed, health: .unknown, lastExit: .exited(1), restartPending: true)
        )
    }
}
