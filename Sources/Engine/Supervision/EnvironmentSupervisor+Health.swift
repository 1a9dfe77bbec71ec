import Foundation
import Manifest
import Supervisor
import Vocabulary

extension EnvironmentSupervisor {
    /// Until a replica is first healthy it is probed this often, so `up` returns as soon as it can;
    /// failures still count at most once per `interval`, so a slow start is not mistaken for a dead one.
    static let startupProbeInterval: Duration = .milliseconds(20)

    /// The pause before probing again a starting replica whose port refused the `n`th time
    /// in a row: 1 ms for its first 20 ms (a small server listens within a few), then 2 ms,
    /// then 5 ms. A refusal costs a socket and a connect, not a round trip.
    static func pauseAfterRefusal(_ n: Int) -> Duration {
        n <= 20 ? .milliseconds(1) : n <= 60 ? .milliseconds(2) : .milliseconds(5)
    }

    /// When every replica's probes run on one grid (multiples of their interval since the
    /// daemon started), the probes of forty replicas wake the daemon's threads once a second
    /// together instead of forty times apart: idle, that is most of what they cost.
    static let probeGridOrigin = ContinuousClock.now

    /// The time until the next multiple of `interval` on the probe grid: more than zero, at
    /// most `interval` (a replica is never probed less often than its manifest says).
    static func untilNextTick(of interval: Duration) -> Duration {
        guard interval > .zero else { return interval }
        let since = probeGridOrigin.duration(to: .now)
        return interval - (since - interval * Int(since / interval))
    }

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
            var lastCountedFailure: Duration?
            var healthy = false
            var probes = 0, refusals = 0
            while !Task.isCancelled {
                let result = await probe.check(timeout: check.timeout)
                let elapsed = elapsedSinceStart()
                switch result {
                case .healthy:
                    healthy = true
                    await self.probeSucceeded(key, generation: generation, elapsed: elapsed)
                case .unhealthy(let reason), .refused(let reason):
                    // Before the first success, count one failure per interval however often we probe.
                    if healthy || lastCountedFailure.map({ elapsed - $0 >= check.interval }) ?? (elapsed >= check.interval) {
                        lastCountedFailure = elapsed
                        await self.probeFailed(key, generation: generation, elapsed: elapsed, reason: reason)
                    }
                }
                let pause: Duration
                if healthy {
                    pause = Self.untilNextTick(of: check.interval)
                } else if case .refused = result {
                    // Nothing listens yet, and asking costs two system calls: ask often.
                    refusals += 1
                    pause = min(check.interval, Self.pauseAfterRefusal(refusals))
                } else {
                    // Quick at first (a small server answers within milliseconds), then every 20 ms.
                    refusals = 0
                    probes += 1
                    let startup = probes < 4 ? Self.startupProbeInterval / (1 << (4 - probes)) : Self.startupProbeInterval
                    pause = min(check.interval, startup)
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
