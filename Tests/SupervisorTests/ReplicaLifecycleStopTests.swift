import Vocabulary
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Supervisor
import Testing

/// A replica that was started and is running as `pid`.
func runningReplica(_ configuration: ReplicaLifecycle.Configuration = .init(), pid: Int32 = 10) -> ReplicaLifecycle {
    var replica = ReplicaLifecycle(configuration: configuration)
    _ = replica.start()
    _ = replica.spawned(pid: pid)
    return replica
}

@Suite struct ReplicaLifecycleStopTests {
    @Test func stopSignalsTheGroupAndSettlesOnExit() {
        var replica = runningReplica(.init(restart: .always))
        #expect(replica.stop() == .stopGroup(signal: SIGTERM, timeout: .seconds(10), wasPaused: false))
        #expect(replica.state == .running)
        #expect(replica.pid == 10)
        #expect(replica.stop() == .none)
        #expect(replica.exited(.exited(1), ranFor: .seconds(1)) == .cancelTimer)
        #expect(replica.state == .stopped)
        #expect(replica.lastExit == .exited(1))
        #expect(replica.restarts == 0)
        #expect(replica.stopTimeoutFired() == .none)
        #expect(replica.restartTimerFired() == .none)
    }

    @Test func stopUsesTheGivenSignalAndTimeout() {
        var replica = runningReplica(.init(stopSignal: SIGQUIT, stopTimeout: .seconds(3)))
        #expect(replica.stop(signal: SIGINT, timeout: .seconds(2)) == .stopGroup(signal: SIGINT, timeout: .seconds(2), wasPaused: false))
        var configured = runningReplica(.init(stopSignal: SIGQUIT, stopTimeout: .seconds(3)))
        #expect(configured.stop() == .stopGroup(signal: SIGQUIT, timeout: .seconds(3), wasPaused: false))
    }

    @Test func stopTimeoutSendsKillOnce() {
        var replica = runningReplica()
        _ = replica.stop()
        #expect(replica.stopTimeoutFired() == .signalGroup(SIGKILL))
        #expect(replica.stopTimeoutFired() == .none)
        #expect(replica.state == .running)
        #expect(replica.exited(.signaled(SIGKILL), ranFor: .seconds(12)) == .cancelTimer)
        #expect(replica.state == .stopped)
        #expect(replica.lastExit?.description == "signal \(SIGKILL) (KILL)")
    }

    @Test func stopWhileWaitingToRestartCancelsTheRestart() {
        var replica = runningReplica(.init(restart: .onFailure))
        #expect(replica.exited(.exited(1), ranFor: .zero) == .scheduleRestart(after: .milliseconds(100)))
        #expect(replica.stop() == .cancelTimer)
        #expect(replica.state == .stopped)
        #expect(!replica.restartPending)
        #expect(replica.restartTimerFired() == .none)
        #expect(replica.state == .stopped)
        #expect(replica.restarts == 0)
        #expect(replica.lastExit == .exited(1))
    }

    @Test func stopWhileLaunchingSignalsOnceThePidIsKnown() {
        var replica = ReplicaLifecycle(configuration: .init(restart: .always))
        _ = replica.start()
        #expect(replica.stop(signal: SIGTERM, timeout: .seconds(5)) == .none)
        #expect(replica.state == .starting)
        #expect(replica.spawned(pid: 7) == .stopGroup(signal: SIGTERM, timeout: .seconds(5), wasPaused: false))
        #expect(replica.exited(.exited(0), ranFor: .milliseconds(5)) == .cancelTimer)
        #expect(replica.state == .stopped)
    }

    @Test func stopWhileLaunchingThenLaunchFailureIsStopped() {
        var replica = ReplicaLifecycle(configuration: .init(restart: .always))
        _ = replica.start()
        _ = replica.stop()
        #expect(replica.spawnFailed(message: "ENOENT") == .none)
        #expect(replica.state == .stopped)
        #expect(replica.restartTimerFired() == .none)
    }

    @Test func stopWithoutAProcess() {
        var fresh = ReplicaLifecycle()
        #expect(fresh.stop() == .none)
        #expect(fresh.state == .stopped)

        var job = runningReplica(.init(kind: .job))
        _ = job.exited(.exited(0), ranFor: .seconds(1))
        #expect(job.state == .exited)
        #expect(job.stop() == .none)
        #expect(job.state == .stopped)
        #expect(job.start() == .spawn)
    }

    @Test func stopWhilePausedThawsTheGroup() {
        var replica = runningReplica()
        _ = replica.pause()
        #expect(replica.stop() == .stopGroup(signal: SIGTERM, timeout: .seconds(10), wasPaused: true))
        #expect(replica.state == .running)
        #expect(replica.exited(.signaled(SIGTERM), ranFor: .seconds(30)) == .cancelTimer)
        #expect(replica.state == .stopped)
    }

    @Test func pauseAndResumeSignalTheGroup() {
        var replica = runningReplica()
        #expect(replica.pause() == .signalGroup(SIGSTOP))
        #expect(replica.state == .paused)
        #expect(replica.pid == 10)
        #expect(replica.pause() == .none)
        #expect(replica.resume() == .signalGroup(SIGCONT))
        #expect(replica.state == .running)
        #expect(replica.resume() == .none)
    }

    @Test func pauseAndResumeWithoutAProcessDoNothing() {
        var replica = ReplicaLifecycle()
        #expect(replica.pause() == .none)
        #expect(replica.resume() == .none)
        #expect(replica.state == .stopped)
    }

    @Test func pauseHoldsAPendingRestartUntilResume() {
        var replica = runningReplica(.init(restart: .always))
        _ = replica.exited(.exited(1), ranFor: .zero)
        #expect(replica.pause() == .cancelTimer)
        #expect(replica.state == .paused)
        #expect(replica.restartPending)
        #expect(replica.restartTimerFired() == .none)
        #expect(replica.resume() == .spawn)
        #expect(replica.restarts == 1)
        #expect(replica.spawned(pid: 11) == .none)
        #expect(replica.state == .running)
    }

    @Test func exitWhilePausedFollowsThePolicy() {
        var replica = runningReplica(.init(restart: .onFailure))
        _ = replica.pause()
        #expect(replica.exited(.signaled(SIGKILL), ranFor: .seconds(1)) == .scheduleRestart(after: .milliseconds(100)))
        #expect(replica.state == .crashed)
    }

    @Test func livenessFailureRestartsTheProcess() {
        var replica = runningReplica(.init(restart: .onFailure))
        replica.healthChanged(.healthy)
        #expect(replica.livenessFailed() == .stopGroup(signal: SIGTERM, timeout: .seconds(10), wasPaused: false))
        #expect(replica.health == .unhealthy)
        #expect(replica.state == .running)
        #expect(replica.livenessFailed() == .none)
        #expect(replica.exited(.signaled(SIGTERM), ranFor: .seconds(20)) == .spawn)
        #expect(replica.restarts == 1)
        #expect(replica.state == .starting)
        #expect(replica.health == .unknown)
        #expect(replica.spawned(pid: 11) == .none)
        #expect(replica.state == .running)
        #expect(replica.pid == 11)
    }

    @Test func livenessRestartKillsAfterTheTimeout() {
        var replica = runningReplica(.init(restart: .always, stopTimeout: .seconds(2)))
        #expect(replica.livenessFailed() == .stopGroup(signal: SIGTERM, timeout: .seconds(2), wasPaused: false))
        #expect(replica.stopTimeoutFired() == .signalGroup(SIGKILL))
        #expect(replica.exited(.signaled(SIGKILL), ranFor: .seconds(5)) == .spawn)
        #expect(replica.restarts == 1)
    }

    @Test func stopDuringLivenessRestartDoesNotRespawn() {
        var replica = runningReplica(.init(restart: .always))
        _ = replica.livenessFailed()
        #expect(replica.stop() == .none)
        #expect(replica.exited(.signaled(SIGTERM), ranFor: .seconds(5)) == .cancelTimer)
        #expect(replica.state == .stopped)
        #expect(replica.restarts == 0)
    }

    @Test func livenessFailureWithRestartNoKeepsItRunningUnhealthy() {
        var replica = runningReplica(.init(restart: .no))
        #expect(replica.livenessFailed() == .none)
        #expect(replica.state == .running)
        #expect(replica.health == .unhealthy)
        #expect(replica.stopTimeoutFired() == .none)
    }

    @Test func healthIsOnlyRecordedWhileAProcessLives() {
        var replica = ReplicaLifecycle()
        replica.healthChanged(.healthy)
        #expect(replica.health == .unknown)
        _ = replica.start()
        _ = replica.spawned(pid: 3)
        replica.healthChanged(.healthy)
        #expect(replica.health == .healthy)
        _ = replica.exited(.exited(0), ranFor: .seconds(1))
        #expect(replica.health == .unknown)
    }

    @Test func eventsOutOfPlaceAreIgnored() {
        var replica = ReplicaLifecycle(configuration: .init(restart: .always))
        #expect(replica.spawned(pid: 1) == .none)
        #expect(replica.spawnFailed(message: "x") == .none)
        #expect(replica.exited(.exited(1), ranFor: .zero) == .none)
        #expect(replica.restartTimerFired() == .none)
        #expect(replica.stopTimeoutFired() == .none)
        #expect(replica.livenessFailed() == .none)
        #expect(replica.state == .stopped)
        #expect(replica.lastExit == nil)
        _ = replica.start()
        #expect(replica.livenessFailed() == .none)
        #expect(replica.state == .starting)
    }
}
