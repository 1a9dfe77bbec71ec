import Supervisor
import Vocabulary

extension ReplicaRunner {
    /// The time passed on `clock` since this call, each time it is asked: probe timing runs on
    /// the injected clock like every other timer.
    static func stopwatch<C: Clock<Duration>>(_ clock: C) -> @Sendable () -> Duration {
        let start = clock.now
        return { start.duration(to: clock.now) }
    }

    /// Probes the current process on the health check's cadence until it ends or is paused.
    func startProbing(generation: Int) {
        stopProbing()
        guard let probe, let configuration = tracker?.configuration else { return }
        let clock = context.clock
        let elapsedSinceStart = Self.stopwatch(clock)
        probing = Task {
            var cadence = ProbeCadence(interval: configuration.interval)
            while !Task.isCancelled {
                let result = await probe.check(timeout: configuration.timeout)
                let elapsed = elapsedSinceStart()
                let (report, pause) = cadence.record(result, at: elapsed,
                                                     untilTick: ProbeCadence.untilNextTick(of: configuration.interval))
                switch report {
                case .succeeded: await self.probed(generation: generation, reason: nil) { $0.probeSucceeded(at: elapsed) }
                case .failed(let reason):
                    await self.probed(generation: generation, reason: reason) { $0.probeFailed(at: elapsed, reason: reason) }
                case .nothing: break
                }
                do { try await clock.sleep(for: pause) } catch { return }
            }
        }
    }

    func stopProbing() {
        probing?.cancel()
        probing = nil
    }

    private func probed(generation: Int, reason: String?, _ event: (inout HealthTracker) -> HealthTracker.Action) async {
        guard self.generation == generation, tracker != nil else { return }
        switch event(&tracker!) {
        case .none:
            return
        case .healthChanged(let health):
            lifecycle.healthChanged(health)
            record(health.rawValue, "\(key) is \(health.rawValue)" + (reason.map { ": \($0)" } ?? ""))
            await changed()
        case .livenessFailed:
            lifecycle.healthChanged(.unhealthy)
            // A replica that was never healthy is restarted only once a start_period it was given
            // has passed: a slow first start (a loaded machine, a cold cache) is not a dead process.
            if tracker?.hasBeenHealthy == false, tracker?.configuration.startPeriod == .zero {
                record("unhealthy", "\(key) is not healthy yet: \(reason ?? "")")
                return await changed()
            }
            record("unhealthy", "\(key) failed its health check \(tracker?.configuration.retries ?? 0) times in a row: \(reason ?? "")")
            let action = lifecycle.livenessFailed()
            if case .stopGroup = action {
                record("restart", "\(key) restarting: failed its liveness check")
            }
            await perform(action)
        }
    }
}
