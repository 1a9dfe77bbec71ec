import Export
import Foundation
import Manifest
import Scheduler
import Testing

/// How `schedule:` maps to CronJobs and to kube-downscaler.
@Suite struct ScheduleExportTests {
    /// The demo's staging with another schedule.
    static func staging(_ schedule: Schedule) throws -> Environment {
        var environment = try Demo.environment("staging")
        environment.schedule = schedule
        return environment
    }

    static func export(_ schedule: Schedule, style: KubernetesExport.ScheduleStyle = .cronJob) throws -> ExportResult {
        let environment = try staging(schedule)
        return try KubernetesExport(environment: environment, seedFiles: Demo.seedFiles(environment),
                                    options: .init(images: Demo.images(environment), schedule: style)).export()
    }

    static let late = try! Schedule(
        timeZone: ScheduleTimeZone(named: "America/New_York"),
        awake: [AwakeWindow(parsing: "Fri 22:00-02:00"), AwakeWindow(parsing: "Sat,Sun 10:00-24:00")],
        holidays: [Holiday(parsing: "2027-07-04")],
        cron: [CronAction(expression: CronExpression(parsing: "30 6 * * 1"), action: .restart),
               CronAction(expression: CronExpression(parsing: "0 3 * * *"), action: .reset),
               CronAction(expression: CronExpression(parsing: "0 12 * * 1-5"), action: .wake)])

    @Test func windowsBecomeTwoCronJobsAndCronActionsKeepTheirTimes() throws {
        let result = try Self.export(Self.late)
        func cronJob(_ name: String) throws -> String {
            try #require(result.files.first { $0.path == "cronjob-\(name).yaml" }, "\(result.files.map(\.path))").contents
        }
        // A window across midnight ends on the next day.
        #expect(try cronJob("schedule-awake-0-start").contains("schedule: 0 22 * * 5\n  timeZone: America/New_York"))
        #expect(try cronJob("schedule-awake-0-end").contains("schedule: 0 2 * * 6\n"))
        // 24:00 is the next midnight: Saturday's ends on Sunday, Sunday's on Monday.
        #expect(try cronJob("schedule-awake-1-start").contains("schedule: 0 10 * * 0,6\n"))
        #expect(try cronJob("schedule-awake-1-end").contains("schedule: 0 0 * * 0-1\n"))
        #expect(try cronJob("schedule-awake-1-end").contains("--replicas=0"))
        let restart = try cronJob("schedule-cron-0-restart")
        #expect(restart.contains("schedule: 30 6 * * 1\n"))
        #expect(restart.contains("- kubectl\n            - rollout\n            - restart\n            - deployment/home\n            - deployment/adder"))
        #expect(try cronJob("schedule-cron-2-wake").contains("--replicas=2"))
        #expect(!result.files.contains { $0.path.contains("reset") && $0.path.hasPrefix("cronjob-") })
        #expect(result.warnings.contains("schedule.cron.1 (reset): reset recreates the databases and has no Kubernetes equivalent: left out"))
        #expect(result.warnings.contains { $0.hasPrefix("schedule.holidays: Kubernetes schedules know no holidays: on 2027-07-04") })

        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write(result.files)
        try PythonTools.validateKubernetes(result.files.map { scratch.path + "/" + $0.path })
    }

    @Test func kubeDownscalerTakesTheWindowsThatEndTheDayTheyStart() throws {
        let result = try Self.export(try Schedule(
            timeZone: ScheduleTimeZone(named: "Europe/Oslo"),
            awake: [AwakeWindow(parsing: "Mon-Fri 07:00-20:00"), AwakeWindow(parsing: "Sat,Sun 10:00-14:00"),
                    AwakeWindow(parsing: "Fri 22:00-02:00")],
            holidays: [Holiday(parsing: "2026-12-24")],
            cron: [CronAction(expression: CronExpression(parsing: "0 3 * * *"), action: .restart)]), style: .kubeDownscaler)
        let home = try #require(result.files.first { $0.path == "deployment-home.yaml" }).contents
        #expect(home.contains("downscaler/uptime: Mon-Fri 07:00-20:00 Europe/Oslo,Sun-Sun 10:00-14:00 Europe/Oslo,Sat-Sat 10:00-14:00 Europe/Oslo"))
        #expect(!result.files.contains { $0.path.hasPrefix("cronjob-") })
        #expect(result.warnings.contains { $0.hasPrefix("schedule.awake.2 (Fri 22:00-02:00): ends at or after midnight") })
        #expect(result.warnings.contains { $0.hasPrefix("schedule.holidays:") })
        #expect(result.warnings.contains("schedule.cron.0 (restart): kube-downscaler has no one-off actions: left out"))
    }

    @Test func composeSaysTheScheduleIsNotExported() throws {
        let result = try Demo.compose("staging")
        #expect(result.warnings.contains("schedule: compose has no scheduler: the awake windows, holidays and cron actions are not exported"))
    }
}
