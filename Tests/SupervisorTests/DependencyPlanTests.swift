import Supervisor
import Testing

@Suite struct DependencyPlanTests {
    /// The demo stack: postgres is only named, never declared.
    static func demo() throws -> DependencyPlan {
        try DependencyPlan(conditions: [
            "home": [:],
            "migrate": ["postgres": .healthy],
            "adder": ["postgres": .healthy, "migrate": .completed],
            "display": ["adder": .started],
            "reset": ["postgres": .healthy],
        ])
    }

    @Test func wavesStartDependenciesFirst() throws {
        let plan = try Self.demo()
        #expect(plan.services == ["adder", "display", "home", "migrate", "postgres", "reset"])
        #expect(plan.startWaves == [["home", "postgres"], ["migrate", "reset"], ["adder"], ["display"]])
        #expect(plan.stopWaves == [["display"], ["adder"], ["migrate", "reset"], ["home", "postgres"]])
    }

    @Test func waveDepthIsTheLongestChain() throws {
        let plan = try DependencyPlan(["c": [.init("a"), .init("b")], "b": [.init("a")]])
        #expect(plan.startWaves == [["a"], ["b"], ["c"]])
    }

    @Test func directDependenciesAndDependents() throws {
        let plan = try Self.demo()
        #expect(plan.dependencies(of: "adder") == [.init("migrate", .completed), .init("postgres", .healthy)])
        #expect(plan.dependencies(of: "postgres") == [])
        #expect(plan.dependents(of: "postgres") == ["adder", "migrate", "reset"])
        #expect(plan.dependents(of: "display") == [])
    }

    @Test func noServicesNoWaves() throws {
        let plan = try DependencyPlan([:])
        #expect(plan.startWaves.isEmpty)
        #expect(plan.services.isEmpty)
    }

    @Test func cycleIsReportedWithItsPath() {
        let dependencies: [String: [DependencyPlan.Dependency]] = [
            "a": [.init("b")], "b": [.init("c")], "c": [.init("a", .healthy)], "d": [.init("a")],
        ]
        #expect(DependencyPlan.cycle(in: dependencies) == ["a", "b", "c", "a"])
        #expect(throws: DependencyCycleError(cycle: ["a", "b", "c", "a"])) {
            try DependencyPlan(dependencies)
        }
        #expect(DependencyCycleError(cycle: ["a", "b", "a"]).description == "dependency cycle: a → b → a")
    }

    @Test func cycleBehindAnAcyclicPrefix() {
        let dependencies: [String: [DependencyPlan.Dependency]] = [
            "app": [.init("x")], "x": [.init("y")], "y": [.init("x")],
        ]
        #expect(DependencyPlan.cycle(in: dependencies) == ["x", "y", "x"])
    }

    @Test func selfDependencyIsACycle() {
        #expect(DependencyPlan.cycle(in: ["a": [.init("a")]]) == ["a", "a"])
    }

    @Test func diamondIsNotACycle() {
        let dependencies: [String: [DependencyPlan.Dependency]] = [
            "top": [.init("left"), .init("right")], "left": [.init("base")], "right": [.init("base")],
        ]
        #expect(DependencyPlan.cycle(in: dependencies) == nil)
    }
}
