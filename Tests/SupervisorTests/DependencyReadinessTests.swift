import Supervisor
import Testing
import Vocabulary

@Suite struct DependencyReadinessTests {
    static func plan(_ condition: DependencyCondition, on dependency: String = "dep") throws -> DependencyPlan {
        try DependencyPlan(["app": [.init(dependency, condition)]])
    }

    static func service(
        _ states: ReplicaState...,
        kind: ServiceKind = .service,
        probed: Bool = false,
        health: Health = .unknown
    ) -> ServiceStatus {
        ServiceStatus(
            kind: kind,
            hasHealthCheck: probed,
            replicas: states.map { ReplicaStatus(state: $0, health: health) }
        )
    }

    @Test(arguments: [
        (ReplicaState.starting, false), (.running, true), (.paused, true), (.exited, true),
        (.crashed, true), (.stopped, false),
    ])
    func started(state: ReplicaState, ready: Bool) throws {
        let plan = try Self.plan(.started)
        #expect(plan.isReady("app", given: ["dep": Self.service(state)]) == ready)
    }

    @Test func missingOrEmptyDependencyHasNotStarted() throws {
        let plan = try Self.plan(.started)
        #expect(plan.readiness(of: "app", given: [:]) == .waiting("app waits for dep to start (dep has not started)"))
        #expect(!plan.isReady("app", given: ["dep": ServiceStatus(replicas: [])]))
    }

    @Test func serviceWithoutDependenciesIsReady() throws {
        let plan = try Self.plan(.healthy)
        #expect(plan.readiness(of: "dep", given: [:]) == .ready)
        #expect(plan.isReady("unknown", given: [:]))
    }

    @Test(arguments: [
        (Health.unknown, false), (.unhealthy, false), (.healthy, true),
    ])
    func healthyWithAHealthCheck(health: Health, ready: Bool) throws {
        let plan = try Self.plan(.healthy)
        #expect(plan.isReady("app", given: ["dep": Self.service(.running, probed: true, health: health)]) == ready)
    }

    @Test func healthyWaitingReasonNamesTheHealth() throws {
        let plan = try Self.plan(.healthy, on: "postgres")
        let starting = ["postgres": Self.service(.running, probed: true, health: .unknown)]
        #expect(
            plan.readiness(of: "app", given: starting)
                == .waiting("app waits for postgres to be healthy (postgres is running, not yet healthy)")
        )
    }

    @Test func healthyWithoutAHealthCheckMeansRunning() throws {
        let plan = try Self.plan(.healthy)
        #expect(plan.isReady("app", given: ["dep": Self.service(.running)]))
        #expect(!plan.isReady("app", given: ["dep": Self.service(.starting)]))
        #expect(!plan.isReady("app", given: ["dep": Self.service(.paused)]))
    }

    @Test func healthyNeedsEveryReplica() throws {
        let plan = try Self.plan(.healthy, on: "adder")
        let status = ServiceStatus(
            hasHealthCheck: true,
            replicas: [
                ReplicaStatus(state: .running, health: .healthy),
                ReplicaStatus(state: .starting),
            ]
        )
        #expect(
            plan.readiness(of: "app", given: ["adder": status])
                == .waiting("app waits for adder to be healthy (adder replica 1 is starting)")
        )
    }

    @Test func crashedForGoodFailsAHealthyDependent() throws {
        let plan = try Self.plan(.healthy, on: "adder")
        let crashed = ServiceStatus(replicas: [ReplicaStatus(state: .crashed, lastExit: .exited(2))])
        #expect(
            plan.readiness(of: "app", given: ["adder": crashed])
                == .failed("app depends on adder being healthy, but adder crashed (exit 2) and will not be restarted")
        )
        let restarting = ServiceStatus(replicas: [ReplicaStatus(state: .crashed, lastExit: .exited(2), restartPending: true)])
        #expect(plan.readiness(of: "app", given: ["adder": restarting]) == .waiting("app waits for adder to be healthy (adder is crashed (exit 2))"))
    }

    @Test func completedWaitsForExitZero() throws {
        let plan = try Self.plan(.completed, on: "migrate")
        let running = ServiceStatus(kind: .job, replicas: [ReplicaStatus(state: .running, pid: 5)])
        #expect(plan.readiness(of: "app", given: ["migrate": running]) == .waiting("app waits for migrate to complete (migrate is running)"))
        let done = ServiceStatus(kind: .job, replicas: [ReplicaStatus(state: .exited, lastExit: .exited(0))])
        #expect(plan.readiness(of: "app", given: ["migrate": done]) == .ready)
    }

    @Test func failedJobFailsItsDependent() throws {
        let plan = try Self.plan(.completed, on: "migrate")
        let failed = ServiceStatus(kind: .job, replicas: [ReplicaStatus(state: .crashed, lastExit: .exited(1))])
        #expect(
            plan.readiness(of: "app", given: ["migrate": failed])
                == .failed("app depends on migrate completing, but migrate failed (exit 1)")
        )
        let unlaunchable = ServiceStatus(kind: .job, replicas: [ReplicaStatus(state: .crashed, launchFailure: "no such file: ./migrate")])
        #expect(
            plan.readiness(of: "app", given: ["migrate": unlaunchable])
                == .failed("app depends on migrate completing, but migrate failed (could not launch: no such file: ./migrate)")
        )
        let retrying = ServiceStatus(kind: .job, replicas: [ReplicaStatus(state: .crashed, lastExit: .exited(1), restartPending: true)])
        #expect(plan.readiness(of: "app", given: ["migrate": retrying]) == .waiting("app waits for migrate to complete (migrate is crashed (exit 1))"))
    }

    @Test func healthyOnAJobMeansCompleted() throws {
        let plan = try Self.plan(.healthy, on: "migrate")
        #expect(!plan.isReady("app", given: ["migrate": Self.service(.running, kind: .job)]))
        let done = ServiceStatus(kind: .job, replicas: [ReplicaStatus(state: .exited, lastExit: .exited(0))])
        #expect(plan.isReady("app", given: ["migrate": done]))
    }

    @Test func aFailureOutweighsAWait() throws {
        let plan = try DependencyPlan(conditions: ["adder": ["postgres": .healthy, "migrate": .completed]])
        let statuses = [
            "postgres": Self.service(.starting, probed: true),
            "migrate": ServiceStatus(kind: .job, replicas: [ReplicaStatus(state: .crashed, lastExit: .signaled(9))]),
        ]
        #expect(
            plan.readiness(of: "adder", given: statuses)
                == .failed("adder depends on migrate completing, but migrate failed (signal 9 (KILL))")
        )
    }

    @Test func lifecycleStatusesFeedReadiness() throws {
        let plan = try DependencyPlan(conditions: ["adder": ["migrate": .completed]])
        var job = ReplicaLifecycle(configuration: .init(kind: .job, restart: .onFailure))
        _ = job.start()
        _ = job.spawned(pid: 77)
        var statuses = ["migrate": ServiceStatus(kind: .job, replicas: [job.status])]
        #expect(!plan.isReady("adder", given: statuses))
        _ = job.exited(.exited(1), ranFor: .seconds(1))
        statuses["migrate"] = ServiceStatus(kind: .job, replicas: [job.status])
        #expect(plan.readiness(of: "adder", given: statuses) == .waiting("adder waits for migrate to complete (migrate is crashed (exit 1))"))
        _ = job.restartTimerFired()
        _ = job.spawned(pid: 78)
        _ = job.exited(.exited(0), ranFor: .seconds(3))
        statuses["migrate"] = ServiceStatus(kind: .job, replicas: [job.status])
        #expect(job.state == .exited)
        #expect(plan.isReady("adder", given: statuses))
    }
}
