import Foundation
import Manifest
import Supervisor
import Vocabulary

extension EnvironmentSupervisor {
    /// The time passed on `clock` since this call, each time it is asked: probe timing runs on
    /// the injected clock like every other timer.
    static func stopwatch<C: Clock<Duration>>(_ clock: C) -> @Sendable () -> Duration {
        let start = clock.now
        return { start.duration(to: clock.now) }
    }

    func startProbing(_ key: ReplicaKey, generation: Int) {
        guard let unit = services[key.service], let check = unit.service.health, let replica = replica(key) else { return }
        let plan = LaunchPlan(project: project, environment: environment, facts: facts, baseEnvironment: baseEnvironment)
        guard let probe = unit.kind.probe(for: key, port: replica.port, plan: plan) else { return }
        let clock = self.clock
        let elapsedSinceStart = Self.stopwatch(clock)
        let task = Task {
            var cadence = ProbeCadence(interval: check.interval)
            while !Task.isCancelled {
                let result = await probe.check(timeout: check.timeout)
                let elapsed = elapsedSinceStart()
                let (report, pause) = cadence.record(result, at: elapsed, untilTick: ProbeCadence.untilNextTick(of: check.interval))
                switch report {
                case .succeeded: await self.probeSucceeded(key, generation: generation, elapsed: elapsed)
                case .failed(let reason): await self.probeFailed(key, generation: generation, elapsed: elapsed, reason: reason)
                case .nothing: break
                }
                do { try await clock.sleep(for: pause) } catch { return }
            }
        }
        update(key) { $0.probe = task }
    }

    private func probeSucceeded(_ key: ReplicaKey, generation: Int, elapsed: Duration) async {
        guard replica(key)?.generation == generation else { return }
        var action = HealthTracker.Action.none
        update(key) { action = $0.tracker?.probeSucceeded(at: elapsed) ?? .none }
        await apply(action, key: key, reason: nil)
    }

    private func probeFailed(_ key: ReplicaKey, generation: Int, elapsed: Duration, reason: String) async {
        guard replica(key)?.generation == generation else { return }
        var action = HealthTracker.Action.none
        update(key) { action = $0.tracker?.probeFailed(at: elapsed, reason: reason) ?? .none }
        await apply(action, key: key, reason: reason)
    }

    private func apply(_ action: HealthTracker.Action, key: ReplicaKey, reason: String?) async {
        switch action {
        case .none:
            return
        case .healthChanged(let health):
            update(key) { $0.lifecycle.healthChanged(health) }
            record(health.rawValue, service: key.service, "\(key) is \(health.rawValue)" + (reason.map { ": \($0)" } ?? ""))
            if health == .healthy, let unit = services[key.service], !unit.ready, let generation = replica(key)?.generation {
                ready(key, generation: generation)
            }
            changed(key)
        case .livenessFailed:
            update(key) { $0.lifecycle.healthChanged(.unhealthy) }
            // A replica that was never healthy is restarted only once a start_period it was given
            // has passed: a slow first start (a loaded machine, a cold cache) is not a dead process.
            let tracker = replica(key)?.tracker
            if tracker?.hasBeenHealthy == false, tracker?.configuration.startPeriod == .zero {
                record("unhealthy", service: key.service, "\(key) is not healthy yet: \(reason ?? "")")
                changed(key)
                return
            }
            record("unhealthy", service: key.service, "\(key) failed its health check \(services[key.service]?.service.health?.retries ?? 0) times in a row: \(reason ?? "")")
            let lifecycleAction = mutateLifecycle(key) { $0.livenessFailed() }
            if case .stopGroup = lifecycleAction {
                record("restart", service: key.service, "\(key) restarting: failed its liveness check")
            }
            await perform(lifecycleAction, for: key)
        }
    }
}
