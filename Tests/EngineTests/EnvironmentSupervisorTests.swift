import Foundation
import Logging
import Manifest
import Scheduler
import State
import Supervisor
import Testing

@testable import Engine

#if canImport(Glibc)
import Glibc
#endif

/// The engine driven without I/O: a fake runtime (no process is started), scripted probes and a
/// manual clock. Start order with `healthy`/`completed` gates, restart backoff, liveness
/// restarts, converge of a changed, removed and added service, and stop order.
@Suite struct EnvironmentSupervisorTests {
    /// A supervisor over the fakes, with a probe per service that a test scripts.
    final class Harness: Sendable {
        /// Where the supervisor makes its log directory; nothing else is written.
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("devenv-engine-\(UUID().uuidString)").path
        let runtime = FakeRuntime()
        let clock = ManualClock()
        /// Added to the wall clock: a test makes it jump (a laptop waking up).
        let wallJump = ManualClock()
        let probes: ProbeScripts
        let state: StateStore
        let supervisor: EnvironmentSupervisor

        /// The wall clock's time when the manual clock reads zero.
        static let defaultStart = Date(timeIntervalSince1970: 1_799_000_000)

        init(_ probes: [String: FakeProbe] = [:], wallClockStart: Date = Harness.defaultStart) throws {
            state = try StateStore.inMemory()
            try state.saveEnvironment(EnvironmentRecord(name: "dev", manifestPath: "environments/dev.yaml", manifestHash: "",
                                                        observedState: .stopped, createdAt: Date()))
            self.probes = ProbeScripts(probes)
            supervisor = EnvironmentSupervisor(
                project: Project(root: root), environment: Environment(name: "dev"), baseEnvironment: [:],
                state: state, runtime: runtime, clock: clock, logger: Logger(label: "test"),
                probes: self.probes.factory,
                wallClock: { [clock, wallJump] in
                    wallClockStart.addingTimeInterval(Self.seconds(clock.now.offset) + Self.seconds(wallJump.now.offset))
                })
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        static func seconds(_ duration: Duration) -> TimeInterval {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }

        /// Waits (a bounded number of the supervisor's changes, each with a deadline) until
        /// `condition` holds of its status and the fakes.
        func until(_ what: Comment, _ condition: (StatusSnapshot) -> Bool) async {
            var seen = -1
            let deadline = ContinuousClock.now + .seconds(5)
            while ContinuousClock.now < deadline {
                let (version, snapshot) = await supervisor.status(after: seen, timeout: .milliseconds(50))
                if condition(snapshot) { return }
                seen = version
            }
            Issue.record("never happened: \(what)")
        }

        /// Waits (up to 5 s) until the schedule keeper has recorded `count` jumps of the wall clock.
        /// - Returns: whether exactly that many were recorded.
        func jumpsSeen(_ count: Int) async throws -> Bool {
            let deadline = ContinuousClock.now + .seconds(5)
            var seen = 0
            repeat {
                await supervisor.flushed()
                seen = try state.events(environment: "dev").filter { $0.message.contains("the wall clock jumped") }.count
                if seen >= count { break }
                try await Task.sleep(for: .milliseconds(10))
            } while ContinuousClock.now < deadline
            return seen == count
        }

        /// Moves the clock on by `duration` once something sleeps on it (a timer, a probe's pause).
        func tick(_ duration: Duration) async {
            await until("something waits on the clock") { _ in clock.sleeping > 0 }
            clock.advance(by: duration)
        }

        func replica(_ service: String, _ snapshot: StatusSnapshot, _ index: Int = 0) -> StatusSnapshot.ReplicaEntry? {
            snapshot.services.first { $0.name == service }?.replicas[safe: index]
        }
    }

    /// Each service's probe, by its `DEVENV_SERVICE`.
    final class ProbeScripts: Sendable {
        let scripts: [String: FakeProbe]
        init(_ scripts: [String: FakeProbe]) { self.scripts = scripts }
        var factory: ProbeFactory {
            ProbeFactory { [scripts] request in scripts[request.environment["DEVENV_SERVICE"] ?? ""] ?? FakeProbe() }
        }
    }

    static func service(_ name: String, health: Bool = false, dependsOn: [Dependency] = [], kind: Manifest.Service.Kind = .service,
                        restart: Manifest.Service.RestartPolicy? = nil, env: [String: Template] = [:], replicas: Int = 1) -> Manifest.Service {
        Manifest.Service(name: name, kind: kind, command: .shell(Template(literal: "run \(name)")), replicas: replicas, env: env, dependsOn: dependsOn,
                         health: health ? HealthCheck(probe: .tcp, interval: .seconds(1), timeout: .seconds(1), retries: 2) : nil,
                         restart: restart)
    }

    static func environment(_ services: [Manifest.Service]) -> Environment {
        Environment(name: "dev", services: services)
    }

    @Test func servicesStartInDependencyOrderBehindHealthyAndCompletedGates() async throws {
        let database = FakeProbe([.unhealthy(reason: "not yet")])
        let harness = try Harness(["db": database])
        let environment = Self.environment([
            Self.service("db", health: true),
            Self.service("migrate", dependsOn: [Dependency(service: "db", condition: .healthy)], kind: .job),
            Self.service("api", dependsOn: [Dependency(service: "migrate", condition: .completed)]),
            Self.service("worker", dependsOn: [Dependency(service: "db", condition: .started)]),
        ])
        try await harness.supervisor.converge(to: environment, baseEnvironment: [:])
        await harness.until("db and worker start") { _ in Set(harness.runtime.started) == ["db", "worker"] }
        #expect(harness.runtime.started.first == "db")

        // db turns healthy: the job runs; only its exit 0 lets api start.
        database.enqueue(.healthy)
        await harness.tick(.seconds(1))  // once db's probe waits for its next look
        await harness.until("migrate starts once db is healthy") { _ in harness.runtime.started.contains("migrate") }
        #expect(!harness.runtime.started.contains("api"))
        harness.runtime.exit(try #require(harness.runtime.running("migrate").first), .exited(0))
        await harness.until("api starts once migrate completed") { _ in harness.runtime.started.contains("api") }
        #expect(harness.runtime.started == ["db", "worker", "migrate", "api"] || harness.runtime.started == ["worker", "db", "migrate", "api"])
        await harness.until("running") { $0.state == "running" }
    }

    @Test func aFailedJobBlocksItsDependents() async throws {
        let harness = try Harness()
        try await harness.supervisor.converge(to: Self.environment([
            Self.service("migrate", kind: .job),
            Self.service("api", dependsOn: [Dependency(service: "migrate", condition: .completed)]),
        ]), baseEnvironment: [:])
        await harness.until("migrate starts") { _ in harness.runtime.started == ["migrate"] }
        harness.runtime.exit(try #require(harness.runtime.running("migrate").first), .exited(3))
        await harness.until("api is blocked") { snapshot in
            snapshot.services.first { $0.name == "api" }?.error?.contains("migrate") == true
        }
        #expect(!harness.runtime.started.contains("api"))
        #expect(await harness.supervisor.snapshot().state == "degraded")
    }

    @Test func aCrashingServiceIsRestartedWithGrowingDelays() async throws {
        let harness = try Harness()
        try await harness.supervisor.converge(to: Self.environment([Self.service("flaky", restart: .onFailure)]),
                                              baseEnvironment: [:])
        for (run, delay) in [(1, 100), (2, 200), (3, 400)] {
            await harness.until("run \(run) started") { _ in harness.runtime.started.count == run }
            harness.runtime.exit(try #require(harness.runtime.running("flaky").first), .exited(1))
            await harness.until("crashed, restart pending") { harness.replica("flaky", $0)?.state == "crashed" }
            // Not a moment before its delay.
            await harness.tick(.milliseconds(delay - 1))
            #expect(harness.runtime.started.count == run)
            harness.clock.advance(by: .milliseconds(1))
        }
        await harness.until("fourth run") { _ in harness.runtime.started.count == 4 }
        await harness.until("restarts counted") { harness.replica("flaky", $0)?.restarts == 3 }
    }

    @Test func aServiceThatFailsItsLivenessCheckIsRestarted() async throws {
        let probe = FakeProbe([.healthy])
        let harness = try Harness(["web": probe])
        try await harness.supervisor.converge(to: Self.environment([Self.service("web", health: true, restart: .onFailure)]),
                                              baseEnvironment: [:])
        await harness.until("healthy") { harness.replica("web", $0)?.health == "healthy" }
        let first = try #require(harness.runtime.running("web").first)
        // Two failures in a row (retries: 2), one per interval: the first changes nothing.
        probe.enqueue(.unhealthy(reason: "500"), .unhealthy(reason: "500"), .healthy)
        let checked = probe.checkCount
        await harness.tick(.seconds(1))
        await harness.until("probed once more") { _ in probe.checkCount > checked }
        #expect(harness.runtime.signals.isEmpty, "one failure is no liveness failure")
        #expect(harness.replica("web", await harness.supervisor.snapshot())?.health == "healthy")
        await harness.tick(.seconds(1))
        await harness.until("the unhealthy replica was stopped") { _ in
            harness.runtime.signals.contains { $0.pid == first && $0.signal == SIGTERM }
        }
        await harness.tick(.milliseconds(100))  // the restart's backoff
        await harness.until("a new replica runs and is healthy again") { snapshot in
            harness.runtime.running("web").first.map { $0 != first } ?? false && harness.replica("web", snapshot)?.health == "healthy"
        }
        await harness.until("the restart counted") { harness.replica("web", $0)?.restarts == 1 }
    }

    @Test func convergeReplacesAChangedServiceStopsARemovedOneAndStartsANewOne() async throws {
        let harness = try Harness()
        try await harness.supervisor.converge(to: Self.environment([
            Self.service("stable"), Self.service("changing", env: ["VERSION": "1"]), Self.service("leaving"),
        ]), baseEnvironment: [:])
        await harness.until("three run") { _ in Set(harness.runtime.started) == ["stable", "changing", "leaving"] }
        let stable = harness.runtime.running("stable"), changing = harness.runtime.running("changing")
        let leaving = harness.runtime.running("leaving")

        try await harness.supervisor.converge(to: Self.environment([
            Self.service("stable"), Self.service("changing", env: ["VERSION": "2"]), Self.service("arriving"),
        ]), baseEnvironment: [:])
        await harness.until("arriving runs, changing restarted") { _ in
            !harness.runtime.running("arriving").isEmpty && !harness.runtime.running("changing").isEmpty
                && harness.runtime.running("changing") != changing
        }
        #expect(harness.runtime.running("stable") == stable, "an unchanged service is untouched")
        #expect(harness.runtime.running("leaving").isEmpty)
        #expect(harness.runtime.signals.contains { $0.pid == leaving.first && $0.signal == SIGTERM })
        let relaunched = try #require(harness.runtime.launches.last { $0.service == "changing" })
        #expect(relaunched.spec.environment["VERSION"] == "2")
        #expect(await harness.supervisor.snapshot().services.map(\.name) == ["stable", "changing", "arriving"])
    }

    @Test func stopAllStopsDependentsBeforeTheirDependencies() async throws {
        let harness = try Harness()
        try await harness.supervisor.converge(to: Self.environment([
            Self.service("db"),
            Self.service("api", dependsOn: [Dependency(service: "db")]),
            Self.service("web", dependsOn: [Dependency(service: "api")]),
        ]), baseEnvironment: [:])
        await harness.until("all run") { _ in harness.runtime.started.count == 3 }
        let order = ["web", "api", "db"].compactMap { harness.runtime.running($0).first }
        await harness.supervisor.stopAll()
        let stops = harness.runtime.signals.filter { $0.signal == SIGTERM }.map(\.pid)
        #expect(stops == order, "web, then api, then db")
        #expect(await harness.supervisor.snapshot().state == "stopped")
    }

    /// The schedule's boundaries pause and resume the environment on time (the wall clock and
    /// the monotonic clock both injected), and a jump of the wall clock converges it once.
    @Test func theScheduleIsKeptAtItsBoundaries() async throws {
        // Monday 2027-01-04 16:59:58 UTC; awake Mon-Fri 09:00-17:00 UTC.
        let monday = try #require(ISO8601DateFormatter().date(from: "2027-01-04T16:59:58Z"))
        let harness = try Harness(wallClockStart: monday)
        var environment = Self.environment([Self.service("web")])
        environment.schedule = Schedule(timeZone: try ScheduleTimeZone(named: "UTC"),
                                        awake: [try AwakeWindow(parsing: "Mon-Fri 09:00-17:00")])
        try await harness.supervisor.converge(to: environment, baseEnvironment: [:])
        await harness.until("web runs") { _ in harness.runtime.started == ["web"] }
        let web = try #require(harness.runtime.running("web").first)

        await harness.tick(.seconds(2))  // 17:00: the window ends
        await harness.until("paused by the schedule") { $0.state == "paused" }
        #expect(harness.runtime.signals.contains { $0.pid == web && $0.signal == SIGSTOP })

        // Tuesday 09:00, sixteen hours on: the keeper looks again and finds the window open.
        await harness.tick(.seconds(16 * 3600))
        await harness.until("resumed by the schedule") { $0.state == "running" }
        #expect(harness.runtime.running("web") == [web], "the same process, thawed")

        // A manual pause wins until the next boundary…
        await harness.supervisor.pause(cause: .cli)
        await harness.tick(.seconds(30))
        #expect(await harness.supervisor.snapshot().state == "paused")
        // …and the wall clock jumping past the evening's end (a laptop asleep overnight) converges
        // once to where the schedule should be: asleep, already.
        harness.wallJump.advance(by: .seconds(20 * 3600))
        await harness.tick(.seconds(30))
        #expect(try await harness.jumpsSeen(1), "the keeper saw the first jump before the manual resume")
        await harness.supervisor.resume(cause: .cli)
        await harness.until("resumed by hand") { $0.state == "running" }
        harness.wallJump.advance(by: .seconds(13 * 3600))  // Wednesday 18:00: its window came and went
        await harness.tick(.seconds(30))
        await harness.until("the jump put it to sleep once") { $0.state == "paused" }
        #expect(try await harness.jumpsSeen(2))
        await harness.tick(.seconds(30))
        #expect(try await harness.jumpsSeen(2), "each jump converged once")
    }

    /// A wake that comes while a sleep is still stopping units wins: the wave being stopped
    /// finishes and comes back, the units not reached yet are never stopped.
    @Test func aWakeInterruptsASleepInProgress() async throws {
        let harness = try Harness()
        harness.runtime.stubborn = ["web"]
        try await harness.supervisor.converge(to: Self.environment([
            Self.service("db"), Self.service("web", dependsOn: [Dependency(service: "db")]),
        ]), baseEnvironment: [:])
        await harness.until("both run") { $0.state == "running" && harness.runtime.started.count == 2 }
        let db = try #require(harness.runtime.running("db").first), web = try #require(harness.runtime.running("web").first)

        let sleeping = Task { await harness.supervisor.sleep(cause: .cli) }
        await harness.until("web is asked to stop, and takes its time") { _ in
            harness.runtime.signals.contains { $0.pid == web && $0.signal == SIGTERM }
        }
        await harness.supervisor.wake(cause: .request)
        harness.runtime.exit(web, .signaled(SIGTERM))  // web finally ends
        await sleeping.value
        await harness.until("web is back and all runs") { $0.state == "running" && harness.runtime.running("web").count == 1 }
        #expect(!harness.runtime.signals.contains { $0.pid == db }, "db, in the next wave, was never stopped")
        #expect(harness.runtime.running("db") == [db])
        #expect(await harness.supervisor.snapshot().state == "running")
    }

    /// A resume that comes while a pause is still freezing units wins: nothing stays frozen.
    @Test func aResumeInterruptsAPauseInProgress() async throws {
        let harness = try Harness()
        try await harness.supervisor.converge(to: Self.environment(
            (0..<6).map { Self.service("s\($0)") }), baseEnvironment: [:])
        await harness.until("all run") { $0.state == "running" && harness.runtime.started.count == 6 }
        let pausing = Task { await harness.supervisor.pause(cause: .cli) }
        await harness.until("the pause has begun") { _ in harness.runtime.signals.contains { $0.signal == SIGSTOP } }
        await harness.supervisor.resume(cause: .request)
        await pausing.value
        let stopped = Set(harness.runtime.signals.filter { $0.signal == SIGSTOP }.map(\.pid))
        let continued = Set(harness.runtime.signals.filter { $0.signal == SIGCONT }.map(\.pid))
        #expect(stopped.isSubset(of: continued), "every process frozen was thawed")
        #expect(await harness.supervisor.snapshot().state == "running")
    }

    /// `scale` adds replicas to a running service, started at once, and retires the ones over a
    /// lower count (the highest indexes), which stop and leave the status.
    @Test func scaleAddsReplicasAndRetiresTheOnesOverTheCount() async throws {
        let harness = try Harness()
        try await harness.supervisor.converge(to: Self.environment([Self.service("web")]), baseEnvironment: [:])
        await harness.until("web runs") { $0.state == "running" }
        let first = try #require(harness.runtime.running("web").first)

        try await harness.supervisor.scale(["web": 3])
        await harness.until("three replicas run") { snapshot in
            harness.runtime.running("web").count == 3 && snapshot.services.first?.replicas.count == 3
        }
        try await harness.supervisor.scale(["web": 1])
        await harness.until("one is left") { snapshot in
            harness.runtime.running("web").count == 1 && snapshot.services.first?.replicas.count == 1
        }
        #expect(harness.runtime.running("web") == [first], "replica 0 stayed; 1 and 2 were retired")
        #expect(await harness.supervisor.snapshot().services.first?.replicas.map(\.index) == [0])
        await #expect(throws: ConvergeError.self) { try await harness.supervisor.scale(["nothing": 2]) }
    }

    /// A rolling restart replaces each replica by a new one, which starts before the old one
    /// is stopped; the service keeps its count all along and ends with new processes only.
    @Test func aRollingRestartStartsEachReplacementBeforeStoppingAnOldReplica() async throws {
        let harness = try Harness()
        var web = Self.service("web", replicas: 2)
        web.port = .auto
        try await harness.supervisor.converge(to: Self.environment([web]), baseEnvironment: [:])
        await harness.until("both run") { $0.state == "running" && harness.runtime.running("web").count == 2 }
        let olds = harness.runtime.running("web")

        let lines = try await harness.supervisor.restart(services: ["web"], rolling: true)
        #expect(lines == ["web: rolled, one replica at a time"])
        let news = harness.runtime.running("web")
        #expect(news.count == 2 && Set(news).isDisjoint(with: olds), "both replaced")
        #expect(harness.runtime.launches.count == 4, "one replacement per replica, no more")
        // Replayed in the order the runtime was asked: never fewer than two processes of web.
        var live = Set<Int32>(), fewest = Int.max
        for event in harness.runtime.history {
            switch event {
            case .start(let pid): live.insert(pid)
            case .signal(let pid, let signal): if signal == SIGTERM { live.remove(pid) }
            }
            if live.count >= 2 || fewest != Int.max { fewest = min(fewest, live.count) }
        }
        #expect(fewest == 2, "each old replica was stopped only once its replacement had started")
        let snapshot = await harness.supervisor.snapshot()
        #expect(snapshot.services.first?.replicas.count == 2 && snapshot.state == "running")
    }
}
