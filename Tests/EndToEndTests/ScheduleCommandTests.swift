import Foundation
import Testing

/// `devenv schedule` against a temporary project: the manifest only, no daemon, no state.
@Suite struct ScheduleCommandTests {
    static let manifest = """
        router: { port: auto, routes: [] }
        schedule:
          timezone: Europe/Oslo
          awake: ["Mon-Fri 07:00-20:00"]
          holidays: ["2027-03-26"]
          asleep: pause
          cron:
            - { at: "30 2 * * 0", action: restart }
        wake_on_request: true
        idle_sleep: 30m
        """

    @Test func jsonListsTheNextActionsAcrossTheSpringGap() throws {
        let sandbox = try Sandbox(["environments/staging.yaml": Self.manifest])
        defer { sandbox.remove() }
        // Friday 26 March 2027 is a holiday; the clocks go forward 02:00 → 03:00 on Sunday the 28th,
        // so the Sunday 02:30 restart runs at the jump.
        let result = try sandbox.run("schedule", "staging", "--json", "--from", "2027-03-26T12:00:00+01:00", "--next", "3")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "")
        #expect(result.stdout == #"""
            {"environment":"staging","timezone":"Europe/Oslo","now":"asleep","next":[\#
            {"at":"2027-03-28T03:00:00+02:00","action":"restart","cause":"cron 30 2 * * 0"},\#
            {"at":"2027-03-29T07:00:00+02:00","action":"resume","cause":"awake Mon-Fri 07:00-20:00"},\#
            {"at":"2027-03-29T20:00:00+02:00","action":"pause","cause":"awake Mon-Fri 07:00-20:00"}]}

            """#)
        // No state database and no daemon were needed, and none were made.
        #expect(!FileManager.default.fileExists(atPath: sandbox.root + "/.devenv/state.db"))
    }

    @Test func theTableShowsTheLevelAndTheWindowsCause() throws {
        let sandbox = try Sandbox(["environments/staging.yaml": Self.manifest])
        defer { sandbox.remove() }
        let result = try sandbox.run("-e", "staging", "schedule", "--from", "2027-04-02T06:00:00Z", "--next", "2")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            staging (Europe/Oslo): awake now
              a request routed to it while it is asleep wakes it (wake_on_request)
              with no request for 30m it goes to sleep (idle_sleep)

            AT                         ACTION   CAUSE
            2027-04-02T20:00:00+02:00  pause    awake Mon-Fri 07:00-20:00
            2027-04-04T02:30:00+02:00  restart  cron 30 2 * * 0

            """)
    }

    @Test func anEnvironmentWithoutAScheduleIsAlwaysAwake() throws {
        let sandbox = try Sandbox(["environments/dev.yaml": ""])
        defer { sandbox.remove() }
        let json = try sandbox.run("schedule", "--json")
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stdout.hasPrefix(#"{"environment":"dev","timezone":"#))
        #expect(json.stdout.hasSuffix(#","now":"awake","next":[]}"# + "\n"))
        let text = try sandbox.run("schedule")
        #expect(text.stdout == "dev has no schedule: it is awake whenever it is up\n")
    }

    @Test func badInputIsAClearError() throws {
        let sandbox = try Sandbox(["environments/dev.yaml": "schedule: { awake: [\"Mon-Fri 7-20\"] }\n"])
        defer { sandbox.remove() }
        let broken = try sandbox.run("schedule")
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("environments/dev.yaml:1:30: schedule.awake.0: invalid awake window 'Mon-Fri 7-20'"), "\(broken.stderr)")
        let from = try sandbox.run("schedule", "--from", "tomorrow")
        #expect(from.status != 0 && from.stderr.contains("--from 'tomorrow' is not an RFC 3339 instant"))
    }
}
