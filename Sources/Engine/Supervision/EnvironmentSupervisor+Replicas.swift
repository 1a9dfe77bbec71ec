import Foundation
import Logging
import Manifest
import Supervisor
import Vocabulary

#if canImport(Glibc)
import Glibc
#endif

extension EnvironmentSupervisor {
    enum TimerKind { case restart, stopTimeout }

    /// Carries out what a replica's lifecycle decided, then records the result.
    func perform(_ action: ReplicaLifecycle.Action, for key: ReplicaKey) async {
        switch action {
        case .none:
            break
        case .spawn:
            await spawn(key)
            return  // spawn records and notifies itself
        case .signalGroup(let signal):
            signalGroup(key, signal)
        case .stopGroup(let signal, let timeout, let wasPaused):
            signalGroup(key, signal)
            if wasPaused { signalGroup(key, SIGCONT) }
            schedule(.stopTimeout, for: key, after: timeout)
        case .scheduleRestart(let delay):
            let exit = replica(key)?.lifecycle.lastExit?.description ?? replica(key)?.lifecycle.launchFailure ?? "exit"
            record("restart", service: key.service, "\(key) restarting in \(Self.format(delay)) after \(exit)")
            schedule(.restart, for: key, after: delay)
        case .cancelTimer:
            update(key) { $0.timer?.cancel(); $0.timer = nil }
        }
        changed(key)
    }

    func changed(_ key: ReplicaKey) {
        persist(key)
        updateBackends(of: key.service)
        notifyChange()
        startReadyServices()
    }

    private func signalGroup(_ key: ReplicaKey, _ signal: Int32) {
        guard let handle = replica(key)?.handle else { return }
        do {
            try runtime.signal(handle, signal)
        } catch {
            logger.warning("signal \(signal) to \(key): \(error)")
        }
    }

    func spawn(_ key: ReplicaKey) async {
        guard let unit = services[key.service], let replica = replica(key) else { return }
        let generation = replica.generation + 1
        update(key) {
            $0.generation = generation
            $0.handle = nil
            $0.cancelTasks()
            $0.tracker = $0.tracker.map { HealthTracker(configuration: $0.configuration) }
        }
        let plan = LaunchPlan(project: project, environment: environment, facts: facts, baseEnvironment: baseEnvironment)
        let handle: ProcessHandle
        do {
            let spec = try unit.kind.launchSpec(for: key, port: replica.port, plan: plan)
            if unit.kind.readying(state: state, logger: logger) != nil { services[key.service]?.ready = false }
            try FileManager.default.createDirectory(atPath: (spec.logPath as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            handle = try await runtime.start(spec)
        } catch {
            record("launch-failed", service: key.service, "\(key): \(error)")
            let action = mutateLifecycle(key) { $0.spawnFailed(message: "\(error)") }
            await perform(action, for: key)
            return
        }
        guard self.replica(key)?.generation == generation else {
            // Replaced or removed while starting: this process is not wanted.
            _ = await runtime.stop(handle, teardown: Teardown(signal: SIGKILL, grace: .zero))
            return
        }
        update(key) { $0.handle = handle }
        record("started", service: key.service, "\(key) started, pid \(handle.pid)" + (replica.port.map { ", port \($0)" } ?? ""))
        let action = mutateLifecycle(key) { $0.spawned(pid: handle.pid) }
        watchExit(of: key, handle: handle, generation: generation)
        startProbing(key, generation: generation)
        await perform(action, for: key)
    }

    private func watchExit(of key: ReplicaKey, handle: ProcessHandle, generation: Int) {
        let runtime = self.runtime
        Task {
            let status = await runtime.wait(handle)
            await self.exited(key, generation: generation, status: status, ranFor: handle.spawnedAt.duration(to: .now))
        }
    }

    func exited(_ key: ReplicaKey, generation: Int, status: ExitStatus, ranFor: Duration) async {
        guard replica(key)?.generation == generation else { return }
        update(key) {
            $0.probe?.cancel()
            $0.probe = nil
            $0.timer?.cancel()
            $0.timer = nil
        }
        let action = mutateLifecycle(key) { $0.exited(status, ranFor: ranFor) }
        let stopped = replica(key)?.lifecycle.state == .stopped || action == .spawn
        let kind = stopped ? "stopped" : status.isSuccess ? "exited" : "crashed"
        record(kind, service: key.service, "\(key) \(stopped ? "stopped" : kind): \(status)")
        await perform(action, for: key)
    }

    func mutateLifecycle(_ key: ReplicaKey, _ event: (inout ReplicaLifecycle) -> ReplicaLifecycle.Action) -> ReplicaLifecycle.Action {
        var action = ReplicaLifecycle.Action.none
        update(key) { action = event(&$0.lifecycle) }
        return action
    }

    // MARK: Timers

    private func schedule(_ kind: TimerKind, for key: ReplicaKey, after delay: Duration) {
        guard let generation = replica(key)?.generation else { return }
        let clock = self.clock
        let task = Task {
            do {
                try await clock.sleep(for: delay)
            } catch {
                return
            }
            await self.timerFired(kind, key: key, generation: generation)
        }
        update(key) {
            $0.timer?.cancel()
            $0.timer = task
        }
    }

    private func timerFired(_ kind: TimerKind, key: ReplicaKey, generation: Int) async {
        guard replica(key)?.generation == generation else { return }
        update(key) { $0.timer = nil }
        let action = mutateLifecycle(key) { lifecycle in
            switch kind {
            case .restart: return lifecycle.restartTimerFired()
            case .stopTimeout: return lifecycle.stopTimeoutFired()
            }
        }
        if case .signalGroup(SIGKILL) = action {
            record("killed", service: key.service, "\(key) did not stop within its stop_timeout; sent KILL")
        }
        await perform(action, for: key)
    }

    static func format(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return milliseconds < 1000 ? "\(milliseconds)ms" : String(format: "%.2fs", Double(milliseconds) / 1000)
    }
}
