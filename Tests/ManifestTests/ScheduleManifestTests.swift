import Foundation
import Scheduler
import Testing
@testable import Manifest

@Suite struct ScheduleManifestTests {
    static let staging = """
        router: { port: 8081, routes: [] }
        schedule:
          timezone: Europe/Oslo
          awake: ["Mon-Fri 07:00-20:00", "Fri 22:00-02:00"]
          holidays: ["2026-12-24", "2026-12-28..2027-01-01"]
          asleep: sleep
          cron:
            - { at: "0 3 * * 1-5", action: reset }
            - { at: "@weekly", action: restart }
        wake_on_request: true
        idle_sleep: 1h30m
        """

    @Test func theSectionIsDecodedWhole() throws {
        let project = try TemporaryProject(["environments/dev.yaml": Self.staging])
        defer { project.remove() }
        let environment = try project.loader().load("dev")
        let schedule = try #require(environment.schedule)
        #expect(schedule.zoneIdentifier == "Europe/Oslo")
        #expect(schedule.awake.map(\.text) == ["Mon-Fri 07:00-20:00", "Fri 22:00-02:00"])
        #expect(schedule.awake[1].crossesMidnight)
        #expect(schedule.holidays.map(\.text) == ["2026-12-24", "2026-12-28..2027-01-01"])
        #expect(schedule.asleep == .sleep)
        #expect(schedule.cron.map(\.action) == [.reset, .restart])
        #expect(schedule.cron.map(\.cause) == ["cron 0 3 * * 1-5", "cron @weekly"])
        #expect(environment.wakeOnRequest)
        #expect(environment.idleSleep == .seconds(5400))
    }

    @Test func validatePrintsTheSectionAndItReadsBackTheSame() throws {
        let project = try TemporaryProject(["environments/dev.yaml": Self.staging])
        defer { project.remove() }
        let environment = try project.loader().load("dev")
        let printed = ManifestPrinter.yaml(environment)
        #expect(printed.contains("""
            schedule:
              timezone: Europe/Oslo
              awake: ['Mon-Fri 07:00-20:00', 'Fri 22:00-02:00']
              holidays: ["2026-12-24", 2026-12-28..2027-01-01]
              asleep: sleep
              cron:
              - {at: 0 3 * * 1-5, action: reset}
              - {at: '@weekly', action: restart}
            wake_on_request: true
            idle_sleep: 1h30m
            """), "\(printed)")
        try project.write("environments/printed.yaml", printed)
        let reread = try project.loader().load("printed")
        #expect(reread.schedule == environment.schedule)
        #expect(reread.idleSleep == environment.idleSleep)
    }

    @Test func anOverlayMergesTheSectionKeyByKey() throws {
        let project = try TemporaryProject([
            "environments/dev.yaml": Self.staging,
            "environments/late.yaml": "extends: dev\nschedule: { awake: [\"Mon-Sun 10:00-23:00\"], cron: null }\n",
        ])
        defer { project.remove() }
        let schedule = try #require(try project.loader().load("late").schedule)
        #expect(schedule.zoneIdentifier == "Europe/Oslo")
        #expect(schedule.awake.map(\.text) == ["Mon-Sun 10:00-23:00"])
        #expect(schedule.asleep == .sleep)
        #expect(schedule.cron.isEmpty)
    }

    @Test func withoutATimezoneTheMachinesZoneIsUsed() throws {
        let project = try TemporaryProject(["environments/dev.yaml": "schedule: { awake: [\"Mon-Fri 07:00-20:00\"] }\n"])
        defer { project.remove() }
        let schedule = try #require(try project.loader().load("dev").schedule)
        #expect(schedule.timeZone == nil)
        #expect(schedule.zoneIdentifier == TimeZone.current.identifier)
        #expect(schedule.asleep == .pause)
    }

    @Test func everyMistakeInTheSectionIsPositioned() throws {
        let project = try TemporaryProject(["environments/dev.yaml": """
            schedule:
              timezone: Mars/Olympus
              awake: ["Mon-Fri 7-20", "Sun-Mon 10:00-10:00"]
              holidays: ["2027-02-30"]
              cron:
                - { at: "61 * * * *", action: pause }
                - { action: restart }
            """])
        defer { project.remove() }
        #expect(project.loader().diagnostics("dev") == [
            "environments/dev.yaml:2:13: schedule.timezone: unknown time zone 'Mars/Olympus' (expected an IANA identifier such as 'Europe/Oslo' or 'UTC')",
            "environments/dev.yaml:3:20: schedule.awake.0: invalid awake window 'Mon-Fri 7-20': time '7' is not HH:MM (a 24-hour clock, as in 07:00 or 20:30)",
            "environments/dev.yaml:3:36: schedule.awake.1: invalid awake window 'Sun-Mon 10:00-10:00': window 10:00-10:00 is empty: its start and end are the same time",
            "environments/dev.yaml:4:15: schedule.holidays.0: invalid holiday '2027-02-30': 2027-02-30 is not a day of the calendar",
            "environments/dev.yaml:6:14: schedule.cron.0.at: invalid cron '61 * * * *': minute value 61 is out of range 0-59; a valid one reads \"0 3 * * 1-5\" (minute hour day month weekday) or @daily",
            "environments/dev.yaml:7:7: schedule.cron.1: a cron entry needs 'at' (a 5-field cron time such as \"0 3 * * 1-5\")",
        ])
    }
}
