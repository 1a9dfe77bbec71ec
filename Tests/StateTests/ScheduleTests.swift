import Foundation
import Testing

@testable import State

@Suite struct ScheduleTests {
    let pause = ScheduleRecord(
        environment: "staging", position: 0, cron: "0 20 * * 1-5", action: "pause", timezone: "Europe/Oslo",
        nextFire: instant(1_700_050_000), lastFire: instant(1_699_950_000))
    let resume = ScheduleRecord(
        environment: "staging", position: 1, cron: "0 7 * * 1-5", action: "resume", timezone: nil,
        nextFire: nil, lastFire: nil)

    @Test func schedulesRoundTripByPosition() throws {
        let store = try StateStore.inMemory()
        try store.replaceSchedules(environment: "staging", [resume, pause])
        #expect(try store.schedules(environment: "staging") == [pause, resume])
        #expect(try store.schedules(environment: "dev").isEmpty)
    }

    @Test func replacingDropsEntriesThatAreGone() throws {
        let store = try StateStore.inMemory()
        try store.replaceSchedules(environment: "staging", [pause, resume])
        try store.replaceSchedules(environment: "dev", [ScheduleRecord(environment: "dev", position: 0, cron: "* * * * *", action: "pause")])
        try store.replaceSchedules(environment: "staging", [])
        #expect(try store.schedules(environment: "staging").isEmpty)
        #expect(try store.schedules(environment: "dev").count == 1)
    }

    @Test func replacingWithAnUnchangedEntryKeepsItsLastFire() throws {
        let store = try StateStore.inMemory()
        try store.replaceSchedules(environment: "staging", [pause, resume])
        var reloaded = pause
        reloaded.lastFire = nil
        reloaded.nextFire = instant(1_700_060_000)
        var changed = resume
        changed.cron = "30 7 * * 1-5"
        try store.updateSchedule(environment: "staging", position: 1) { $0.lastFire = instant(1_699_000_000) }

        try store.replaceSchedules(environment: "staging", [reloaded, changed])

        let stored = try store.schedules(environment: "staging")
        #expect(stored.first?.lastFire == pause.lastFire)
        #expect(stored.first?.nextFire == instant(1_700_060_000))
        #expect(stored.last?.cron == "30 7 * * 1-5")
        #expect(stored.last?.lastFire == nil)
    }

    @Test func updateRecordsAFire() throws {
        let store = try StateStore.inMemory()
        try store.replaceSchedules(environment: "staging", [pause, resume])
        let written = try store.updateSchedule(environment: "staging", position: 1) {
            $0.lastFire = instant(1_700_000_000)
            $0.nextFire = instant(1_700_086_400)
        }
        #expect(try store.schedules(environment: "staging") == [pause, written])
        #expect(written.lastFire == instant(1_700_000_000))
        let error = #expect(throws: StateError.self) {
            try store.updateSchedule(environment: "staging", position: 9) { $0.lastFire = nil }
        }
        #expect(error?.code == .notFound)
    }
}
