import Manifest
import Testing

@testable import Engine

/// Port allocation without sockets: a machine whose free ports a test decides.
@Suite struct PortPlanTests {
    /// Ports in `busy` are held by another program; new ports are handed out from 40000 up.
    final class FakeMachine: @unchecked Sendable {
        var busy: Set<Int> = []
        var next = 40000
        var machine: PortPlan.Machine {
            PortPlan.Machine(isFree: { [self] in !busy.contains($0) }, freePort: { [self] taken in
                while taken.contains(next) || busy.contains(next) { next += 1 }
                defer { next += 1 }
                return next
            })
        }
    }

    static func environment(router: PortSetting? = .auto, postgres: PortSetting? = nil, services: [Manifest.Service]) -> Environment {
        Environment(name: "dev", postgres: postgres.map { PostgresSpec(port: $0) },
                    router: router.map { RouterSpec(port: $0, routes: []) }, services: services)
    }

    @Test func autoPortsAreNewDistinctAndKeptFromTheLastRun() throws {
        let fake = FakeMachine()
        let target = Self.environment(postgres: .auto, services: [Manifest.Service(name: "web", port: .auto, replicas: 2)])
        let first = try PortPlan(for: target, databaseUnit: "postgres", memory: .init(), machine: fake.machine)
        #expect(first.database == 40000 && first.router == 40001 && first.replicas["web"] == [40002, 40003])

        // The next run gets the same ports back, while they are free; a taken one is replaced.
        var memory = PortPlan.Memory(recorded: ["web": [0: 40002, 1: 40003]], recordedRouter: 40001, recordedDatabase: 40000)
        fake.busy = [40003]
        let again = try PortPlan(for: target, databaseUnit: "postgres", memory: memory, machine: fake.machine)
        #expect(again.database == 40000 && again.router == 40001)
        #expect(again.replicas["web"]?[0] == 40002)
        #expect(again.replicas["web"]?[1] != 40003)

        // What runs keeps its port, even though it is not free (it is ours): replicas and router.
        memory.current = ["web": [40002, 40010]]
        memory.currentRouter = 40011
        fake.busy = [40002, 40010, 40011]
        let running = try PortPlan(for: target, databaseUnit: "postgres", memory: memory, machine: fake.machine)
        #expect(running.replicas["web"] == [40002, 40010])
        #expect(running.router == 40011, "a converge never moves the running router")
    }

    @Test func aFixedPortInUseIsAnErrorNamingItsKeyUnlessItIsOurs() throws {
        let fake = FakeMachine()
        fake.busy = [8080, 5432, 9000]
        let router = Self.environment(router: .fixed(8080), services: [])
        #expect(throws: ConvergeError.self) { try PortPlan(for: router, databaseUnit: "postgres", memory: .init(), machine: fake.machine) }
        do {
            _ = try PortPlan(for: router, databaseUnit: "postgres", memory: .init(), machine: fake.machine)
        } catch {
            #expect("\(error)".hasPrefix("router.port: port 8080 is already in use"))
        }
        let ours = PortPlan.Memory(currentRouter: 8080)
        #expect(try PortPlan(for: router, databaseUnit: "postgres", memory: ours, machine: fake.machine).router == 8080)

        let service = Self.environment(router: nil, services: [Manifest.Service(name: "api", port: .fixed(9000), replicas: 2)])
        do {
            _ = try PortPlan(for: service, databaseUnit: "postgres", memory: .init(), machine: fake.machine)
            Issue.record("a busy fixed port was accepted")
        } catch {
            #expect("\(error)".hasPrefix("services.api.port: port 9000"))
        }
        let database = Self.environment(router: nil, postgres: .fixed(5432), services: [])
        #expect(throws: ConvergeError.self) { try PortPlan(for: database, databaseUnit: "postgres", memory: .init(), machine: fake.machine) }
        #expect(try PortPlan(for: database, databaseUnit: "postgres", memory: .init(current: ["postgres": [5432]]),
                             machine: fake.machine).database == 5432)
    }

    @Test func anAutoPortNeverCollidesWithAFixedOne() throws {
        let fake = FakeMachine()
        fake.next = 9000  // the machine would hand out the fixed port itself
        let target = Self.environment(router: .auto, services: [Manifest.Service(name: "api", port: .fixed(9000)),
                                                                Manifest.Service(name: "web", port: .auto)])
        let plan = try PortPlan(for: target, databaseUnit: "postgres", memory: .init(), machine: fake.machine)
        #expect(plan.replicas["api"] == [9000])
        #expect(plan.router != 9000 && plan.replicas["web"] != [9000])
        #expect(Set([plan.router, plan.replicas["web"]?.first ?? nil]).count == 2)
    }
}
