import Foundation
import GRDB
import Testing

@testable import State

@Suite struct EnvironmentTests {
    @Test func roundTripsEveryField() throws {
        let store = try StateStore.inMemory()
        let record = EnvironmentRecord(
            name: "staging",
            manifestPath: "environments/staging.yaml",
            manifestHash: "abc123",
            desiredState: .paused,
            observedState: .degraded,
            routerPort: 8080,
            postgresPort: 54321,
            daemonPid: 4242,
            daemonStartTime: 987_654_321_012,
            createdAt: instant(1_700_000_000),
            updatedAt: instant(1_700_000_500)
        )
        try store.saveEnvironment(record)
        #expect(try store.environment(named: "staging") == record)
        #expect(try store.environment(named: "dev") == nil)
    }

    @Test func statesAreStoredAsTheirLowercaseNames() throws {
        let store = try StateStore.inMemory()
        var record = EnvironmentRecord.sample("dev")
        record.desiredState = .running
        record.observedState = .starting
        try store.saveEnvironment(record)
        let row = try store.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT desiredState, observedState FROM environment")
        }
        let desired: String? = row?["desiredState"]
        let observed: String? = row?["observedState"]
        #expect(desired == "running")
        #expect(observed == "starting")
    }

    @Test func saveReplacesTheEnvironmentButKeepsItsReplicas() throws {
        let store = try StateStore.inMemory()
        try store.saveEnvironment(.sample("dev"))
        try store.saveReplica(.sample("dev", "adder", 0))
        var changed = EnvironmentRecord.sample("dev")
        changed.manifestHash = "new-hash"
        changed.routerPort = 9090
        try store.saveEnvironment(changed)
        #expect(try store.environments() == [changed])
        #expect(try store.replicas(environment: "dev").count == 1)
    }

    @Test func environmentsAreSortedByName() throws {
        let store = try StateStore.inMemory()
        for name in ["staging", "dev", "prod", "scaled-down"] {
            try store.saveEnvironment(.sample(name))
        }
        #expect(try store.environments().map(\.name) == ["dev", "prod", "scaled-down", "staging"])
    }

    @Test func updateChangesOneEnvironmentAndStampsIt() throws {
        let store = try StateStore.inMemory()
        try store.saveEnvironment(.sample("dev"))
        try store.saveEnvironment(.sample("prod"))
        let written = try store.updateEnvironment(named: "dev", at: instant(1_700_000_100)) {
            $0.observedState = .running
            $0.daemonPid = 77
        }
        #expect(written.updatedAt == instant(1_700_000_100))
        let dev = try #require(try store.environment(named: "dev"))
        #expect(dev == written)
        #expect(dev.observedState == .running && dev.daemonPid == 77)
        #expect(dev.createdAt == instant(1_700_000_000))
        #expect(try store.environment(named: "prod") == .sample("prod"))
    }

    @Test func updatingAMissingEnvironmentThrowsNotFound() throws {
        let store = try StateStore.inMemory()
        let error = #expect(throws: StateError.self) {
            try store.updateEnvironment(named: "ghost") { $0.observedState = .running }
        }
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("ghost") == true)
        #expect(try store.environments().isEmpty)
    }
}

@Suite struct RegisterDaemonTests {
    @Test func aNewEnvironmentGetsItsRowAndTheDaemonsEvent() throws {
        let store = try StateStore.inMemory()
        let lost = try store.registerDaemon(environment: "dev", manifestPath: "environments/dev.yaml", pid: 10,
                                            startTime: 100, at: instant(1_700_000_000)) { _, _ in
            Issue.record("no predecessor to ask about")
            return true
        }
        #expect(lost == nil)
        let record = try #require(try store.environment(named: "dev"))
        #expect(record.daemonPid == 10 && record.daemonStartTime == 100 && record.observedState == .starting)
        #expect(record.manifestPath == "environments/dev.yaml")
        #expect(try store.events(environment: "dev").map(\.kind) == ["daemon"])
    }

    @Test func aDeadPredecessorIsRecordedAsLostAndALiveOneIsNot() throws {
        let store = try StateStore.inMemory()
        try store.registerDaemon(environment: "dev", manifestPath: "m", pid: 10, startTime: 100) { _, _ in true }
        var asked: [Int32] = []
        let lost = try store.registerDaemon(environment: "dev", manifestPath: "m", pid: 11, startTime: 110) { pid, start in
            asked.append(pid)
            #expect(start == 100)
            return true
        }
        #expect(lost == 10 && asked == [10])
        #expect(try store.events(environment: "dev").map(\.kind) == ["daemon", "daemon-lost", "daemon"])
        #expect(try store.environment(named: "dev")?.daemonPid == 11)

        let notLost = try store.registerDaemon(environment: "dev", manifestPath: "m", pid: 12, startTime: 120) { _, _ in false }
        #expect(notLost == nil)
        #expect(try store.events(environment: "dev").map(\.kind) == ["daemon", "daemon-lost", "daemon", "daemon"])
    }
}
