import Foundation
import Logging
import Manifest
import Supervisor
import Vocabulary

#if canImport(Glibc)
import Glibc
#endif

/// Runs one replica: its process, its timers (restart delay, stop timeout) and its probe loop.
///
/// The decisions are its pure state machines' (`ReplicaLifecycle`, `HealthTracker`); the runner
/// carries their actions out through the runtime, records them as events and in its state-db
/// row, and reports every change to the engine, which keeps the replica's last report and never
/// reaches into the runner. The engine asks it the unit verbs: start, stop, pause, resume.
actor ReplicaRunner {
    /// What a runner needs from its environment.
    struct Context: Sendable {
        var environment: String
        var runtime: any Runtime
        var clock: any Clock<Duration>
        var journal: StateJournal
        var logger: Logger
        /// The process to run for a replica on a port, and its probe, worked out at each spawn
        /// from the environment as it is then.
        var launch: @Sendable (ReplicaKey, Int?) async throws -> Launch
        /// Receives each report.
        var report: @Sendable (ReplicaReport) async -> Void
    }

    struct Launch: Sendable {
        var spec: ProcessSpec
        var probe: (any HealthProbe)?
    }

    enum TimerKind { case restart, stopTimeout }

    let key: ReplicaKey
    let port: Int?
    let context: Context
    var lifecycle: ReplicaLifecycle
    /// Judges probe results; the health it decides is kept in `lifecycle.health`.
    var tracker: HealthTracker?
    var handle: ProcessHandle?
    var probe: (any HealthProbe)?
    /// Bumped on every spawn, so a late exit or probe result of an older process is ignored.
    var generation = 0
    var sequence = 0
    var timer: Task<Void, Never>?
    var probing: Task<Void, Never>?

    /// A runner for replica `key` of `service` on `port`: its restart policy, stop signal and
    /// timeout, and health timing come from the manifest.
    init(key: ReplicaKey, port: Int?, service: Manifest.Service, context: Context) {
        self.key = key
        self.port = port
        self.context = context
        self.lifecycle = ReplicaLifecycle(configuration: .init(
            kind: service.kind == .job ? .job : .service,
            restart: RestartPolicy(rawValue: service.restart.rawValue) ?? .no,
            stopSignal: ExitStatus.signalNumber(named: service.stopSignal) ?? SIGTERM,
            stopTimeout: service.stopTimeout))
        self.tracker = service.health.map {
            HealthTracker(configuration: .init(interval: $0.interval, timeout: $0.timeout, retries: $0.retries,
                                               startPeriod: $0.startPeriod))
        }
    }

    /// How the replica looks before it ever ran.
    nonisolated static func initialReport(key: ReplicaKey, port: Int?, hasHealthCheck: Bool) -> ReplicaReport {
        ReplicaReport(key: key, status: ReplicaLifecycle().status, port: port, hasHealthCheck: hasHealthCheck)
    }

    var report: ReplicaReport {
        var report = ReplicaReport(key: key, status: lifecycle.status, port: port, hasHealthCheck: tracker != nil)
        report.sequence = sequence
        report.generation = generation
        report.startTime = handle?.startTime
        return report
    }

    // MARK: Verbs

    func start() async { await perform(lifecycle.start()) }

    func stop() async {
        let action = lifecycle.stop()
        if action != .none { record("stopping", "\(key) stopping") }
        await perform(action)
    }

    /// Freezes the process group; probing stops, so the gap counts as no failure.
    func pause() async {
        stopProbing()
        await perform(lifecycle.pause())
    }

    /// Thaws it and probes again; a restart held while paused is carried out (no restart counted).
    func resume() async {
        guard lifecycle.state == .paused else { return }
        let action = lifecycle.resume()
        await perform(action)
        if action != .spawn { startProbing(generation: generation) }
    }

    /// Ends its timers and probing once it is settled, and writes its row.
    func quiesce() async {
        cancelTasks()
        await changed()
    }

    // MARK: Carrying actions out

    func perform(_ action: ReplicaLifecycle.Action) async {
        switch action {
        case .none:
            break
        case .spawn:
            return await spawn()  // spawn reports itself
        case .signalGroup(let signal):
            signalGroup(signal)
        case .stopGroup(let signal, let timeout, let wasPaused):
            signalGroup(signal)
            if wasPaused { signalGroup(SIGCONT) }
            schedule(.stopTimeout, after: timeout)
        case .scheduleRestart(let delay):
            let exit = lifecycle.lastExit?.description ?? lifecycle.launchFailure ?? "exit"
            record("restart", "\(key) restarting in \(Self.format(delay)) after \(exit)")
            schedule(.restart, after: delay)
        case .cancelTimer:
            timer?.cancel()
            timer = nil
        }
        await changed()
    }

    /// Writes its row and reports to the engine.
    func changed() async {
        sequence += 1
        let report = self.report
        context.journal.save(report.record(environment: context.environment))
        await context.report(report)
    }

    func record(_ kind: String, _ message: String) {
        context.journal.record(kind, service: key.service, message)
    }

    private func signalGroup(_ signal: Int32) {
        guard let handle else { return }
        do {
            try context.runtime.signal(handle, signal)
        } catch {
            context.logger.warning("signal \(signal) to \(key): \(error)")
        }
    }

    private func spawn() async {
        generation += 1
        let generation = self.generation
        handle = nil
        cancelTasks()
        tracker = tracker.map { HealthTracker(configuration: $0.configuration) }
        let started: ProcessHandle
        do {
            let launch = try await context.launch(key, port)
            probe = launch.probe
            try FileManager.default.createDirectory(atPath: (launch.spec.logPath as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            started = try await context.runtime.start(launch.spec)
        } catch {
            record("launch-failed", "\(key): \(error)")
            return await perform(lifecycle.spawnFailed(message: "\(error)"))
        }
        guard self.generation == generation else {
            // Stopped or replaced while starting: this process is not wanted.
            _ = await context.runtime.stop(started, teardown: Teardown(signal: SIGKILL, grace: .zero))
            return
        }
        handle = started
        record("started", "\(key) started, pid \(started.pid)" + (port.map { ", port \($0)" } ?? ""))
        let action = lifecycle.spawned(pid: started.pid)
        watchExit(of: started, generation: generation)
        startProbing(generation: generation)
        await perform(action)
    }

    private func watchExit(of handle: ProcessHandle, generation: Int) {
        let runtime = context.runtime
        Task {
            let status = await runtime.wait(handle)
            await self.exited(generation: generation, status: status, ranFor: handle.spawnedAt.duration(to: .now))
        }
    }

    private func exited(generation: Int, status: ExitStatus, ranFor: Duration) async {
        guard self.generation == generation else { return }
        cancelTasks()
        let action = lifecycle.exited(status, ranFor: ranFor)
        let stopped = lifecycle.state == .stopped || action == .spawn
        let kind = stopped ? "stopped" : status.isSuccess ? "exited" : "crashed"
        record(kind, "\(key) \(stopped ? "stopped" : kind): \(status)")
        await perform(action)
    }

    // MARK: Timers

    private func schedule(_ kind: TimerKind, after delay: Duration) {
        let generation = self.generation, clock = context.clock
        timer?.cancel()
        timer = Task {
            do { try await clock.sleep(for: delay) } catch { return }
            await self.timerFired(kind, generation: generation)
        }
    }

    private func timerFired(_ kind: TimerKind, generation: Int) async {
        guard self.generation == generation else { return }
        timer = nil
        let action: ReplicaLifecycle.Action
        switch kind {
        case .restart: action = lifecycle.restartTimerFired()
        case .stopTimeout: action = lifecycle.stopTimeoutFired()
        }
        if case .signalGroup(SIGKILL) = action {
            record("killed", "\(key) did not stop within its stop_timeout; sent KILL")
        }
        await perform(action)
    }

    func cancelTasks() {
        timer?.cancel()
        timer = nil
        stopProbing()
    }

    static func format(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return milliseconds < 1000 ? "\(milliseconds)ms" : String(format: "%.2fs", Double(milliseconds) / 1000)
    }
}
