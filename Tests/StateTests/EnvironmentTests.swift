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
