import Foundation
import Logging
import Manifest
import Router
import State
import Supervisor
import Testing
import Vocabulary

@testable import Engine

/// The engine's view of its units, pure: which report it keeps, what state the environment is
/// in, which units may start, which replicas take requests.
@Suite struct UnitGraphTests {
    /// `report` kept the way its unit's replica set keeps it.
    static func receive(_ report: ReplicaReport, into graph: inout UnitGraph) -> Bool {
        guard graph[report.key.service] != nil else { return false }
        return graph.units[report.key.service]!.replicas.keep(report)
    }

    static func graph(_ services: [(String, Bool)], plan: [String: [String: DependencyCondition]] = [:]) throws -> UnitGraph {
        var graph = UnitGraph()
        let journal = StateJournal(state: try StateStore.inMemory(), environment: "dev", logger: Logger(label: "test"))
        for (name, hasHealth) in services {
            var service = Manifest.Service(name: name, command: .shell(Template(literal: "run")), port: .auto)
            if hasHealth { service.health = HealthCheck(probe: .tcp) }
            let key = ReplicaKey(service: name, index: 0)
            let context = ReplicaRunner.Context(environment: "dev", runtime: FakeRuntime(), clock: ManualClock(), journal: journal,
                                                logger: Logger(label: "test"),
                                                launch: { _, _ in throw ConvergeError("not in this test") }, report: { _ in })
            let slot = ReplicaSlot(runner: ReplicaRunner(key: key, port: 4000, service: service, context: context),
                                   view: ReplicaRunner.initialReport(key: key, port: 4000, hasHealthCheck: hasHealth))
            let blueprint = UnitBlueprint(service: service, kind: ProcessUnitKind(service: service, probes: .real),
                                          fingerprint: .service(service, env: [:], envFile: [:]))
            let set = ReplicaSet(blueprint: blueprint, engine: nil, context: ReplicaSet.Context(
                environment: "dev", clock: ManualClock(), state: try StateStore.inMemory(), journal: journal,
                logger: Logger(label: "test"), changes: ChangeFeed()))
            graph[name] = ServiceUnit(blueprint, view: UnitView(set: set, name: name, sequence: 0, replicas: [slot], ready: true))
        }
        graph.order = services.map(\.0)
        var conditions = plan
        for (name, _) in services where conditions[name] == nil { conditions[name] = [:] }
        graph.plan = try DependencyPlan(conditions: conditions)
        return graph
    }

    static func report(_ service: String, _ state: ReplicaState, health: Health = .unknown, sequence: Int, hasHealthCheck: Bool = true) -> ReplicaReport {
        var report = ReplicaReport(key: ReplicaKey(service: service, index: 0), status: ReplicaStatus(state: state, pid: 7, health: health),
                                   port: 4000, hasHealthCheck: hasHealthCheck)
        report.sequence = sequence
        return report
    }

    @Test func anOlderReportNeverOverwritesANewerOne() throws {
        var graph = try Self.graph([("web", true)])
        let kept = Self.receive(Self.report("web", .running, health: .healthy, sequence: 2), into: &graph)
        let late = Self.receive(Self.report("web", .starting, sequence: 1), into: &graph)
        #expect(kept && !late, "a report that arrives late is dropped")
        #expect(graph.slot(ReplicaKey(service: "web", index: 0))?.view.status.health == .healthy)
        let removed = Self.receive(Self.report("gone", .running, sequence: 3), into: &graph)
        #expect(!removed, "a report of a removed unit is dropped")
    }

    @Test func theEnvironmentStateFollowsTheReplicas() throws {
        var graph = try Self.graph([("web", true), ("worker", false)])
        for name in ["web", "worker"] { graph[name]?.started = true }
        #expect(graph.observedState(asleep: false) == .stopped)
        _ = Self.receive(Self.report("web", .running, sequence: 1), into: &graph)
        _ = Self.receive(Self.report("worker", .running, sequence: 1, hasHealthCheck: false), into: &graph)
        #expect(graph.observedState(asleep: false) == .starting, "web's health is not known yet")
        _ = Self.receive(Self.report("web", .running, health: .healthy, sequence: 2), into: &graph)
        #expect(graph.observedState(asleep: false) == .running)
        _ = Self.receive(Self.report("web", .running, health: .unhealthy, sequence: 3), into: &graph)
        #expect(graph.observedState(asleep: false) == .degraded)
        _ = Self.receive(Self.report("web", .paused, sequence: 4), into: &graph)
        _ = Self.receive(Self.report("worker", .paused, sequence: 2, hasHealthCheck: false), into: &graph)
        #expect(graph.observedState(asleep: false) == .paused && graph.isPaused)
        _ = Self.receive(Self.report("web", .stopped, sequence: 5), into: &graph)
        _ = Self.receive(Self.report("worker", .stopped, sequence: 3, hasHealthCheck: false), into: &graph)
        #expect(graph.observedState(asleep: true) == .sleeping)
        #expect(graph.observedState(asleep: false) == .stopped)
    }

    @Test func onlyServingReplicasAreBackends() throws {
        var graph = try Self.graph([("web", true)])
        #expect(graph.servingBackends("web").isEmpty)
        _ = Self.receive(Self.report("web", .running, sequence: 1), into: &graph)
        #expect(graph.servingBackends("web").isEmpty, "running but not yet healthy")
        _ = Self.receive(Self.report("web", .running, health: .healthy, sequence: 2), into: &graph)
        #expect(graph.servingBackends("web").map(\.port) == [4000])
        _ = Self.receive(Self.report("web", .paused, health: .healthy, sequence: 3), into: &graph)
        #expect(graph.servingBackends("web").isEmpty, "a paused replica takes no request")
    }

    @Test func aUnitStartsOnceItsDependencyIsHealthyAndIsBlockedWhenItFails() throws {
        var graph = try Self.graph([("db", true), ("api", false)], plan: ["api": ["db": .healthy]])
        #expect(graph.startable().ready == ["db"])
        graph["db"]?.started = true
        _ = Self.receive(Self.report("db", .running, sequence: 1), into: &graph)
        #expect(graph.startable().ready.isEmpty, "api waits for db's health")
        _ = Self.receive(Self.report("db", .running, health: .healthy, sequence: 2), into: &graph)
        #expect(graph.startable().ready == ["api"])
        graph["db"]?.ready = false
        #expect(graph.startable().ready.isEmpty, "healthy but not ready (readying not done) does not count")
        graph["db"]?.ready = true
        var failed = Self.report("db", .crashed, sequence: 3)
        failed.status.lastExit = .exited(1)
        _ = Self.receive(failed, into: &graph)
        #expect(graph.startable().blocked.map(\.name) == ["api"])
    }
}
