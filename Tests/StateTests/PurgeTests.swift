import Foundation
import Testing

@testable import State

@Suite struct PurgeTests {
    private func fill(_ store: StateStore, _ name: String) throws {
        try store.saveEnvironment(.sample(name))
        try store.saveReplica(.sample(name, "adder", 0))
        try store.saveReplica(.sample(name, "adder", 1))
        try store.appendEvent(environment: name, kind: "up", message: "brought up", at: instant(1))
        try store.recordSeed(SeedRecord(
            environment: name, database: "app", file: "seed/schema.sql", sha256: "aa", rows: 0, appliedAt: instant(1)))
        try store.replaceSchedules(environment: name, [ScheduleRecord(environment: name, position: 0, cron: "0 20 * * *", action: "pause")])
    }

    @Test func purgeRemovesEverythingOfOneEnvironmentAndNothingOfAnother() throws {
        let store = try StateStore.inMemory()
        try fill(store, "dev")
        try fill(store, "staging")

        #expect(try store.purge(environment: "dev"))

        #expect(try store.environment(named: "dev") == nil)
        #expect(try store.replicas(environment: "dev").isEmpty)
        #expect(try store.events(environment: "dev").isEmpty)
        #expect(try store.seeds(environment: "dev").isEmpty)
        #expect(try store.schedules(environment: "dev").isEmpty)

        #expect(try store.environments().map(\.name) == ["staging"])
        #expect(try store.replicas(environment: "staging").count == 2)
        #expect(try store.events(environment: "staging").count == 1)
        #expect(try store.seeds(environment: "staging").count == 1)
        #expect(try store.schedules(environment: "staging").count == 1)
    }

    @Test func purgeRemovesHistoryEvenWithoutAnEnvironmentRow() throws {
        let store = try StateStore.inMemory()
        try store.appendEvent(environment: "broken", kind: "up-failed", message: "manifest invalid", at: instant(1))
        #expect(try store.purge(environment: "broken") == false)
        #expect(try store.events(environment: "broken").isEmpty)
    }
}
