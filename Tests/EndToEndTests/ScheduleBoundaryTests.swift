import Foundation
import Testing

/// A schedule kept live by the daemon, on the real clock: a cron entry at the next whole minute
/// (the rest of the schedule's behaviour runs on an injected clock in the engine's tests).
@Suite(.serialized) struct ScheduleBoundaryTests {
    @Test func aCronEntryFiresAtItsMinuteOnTheRealClock() throws {
        // The next whole minute at least 15 s away (time for up), in UTC.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let now = Date().timeIntervalSince1970
        var next = (now / 60).rounded(.down) * 60 + 60
        if next - now < 15 { next += 60 }
        let boundary = Date(timeIntervalSince1970: next)
        let minute = calendar.component(.minute, from: boundary), hour = calendar.component(.hour, from: boundary)
        let sandbox = try Sandbox(["environments/dev.yaml": """
            services:
              web:
                command: "exec sleep 600"
            schedule:
              timezone: UTC
              cron:
                - { at: "\(minute) \(hour) * * *", action: pause }
            """])
        defer { sandbox.tearDown() }
        #expect(try sandbox.run("up").status == 0)
        let scheduled = try sandbox.run("schedule", "--json")
        #expect(scheduled.stdout.contains("\"action\":\"pause\""), "\(scheduled.stdout)")
        #expect(try sandbox.status()["state"] as? String == "running")

        let paused = eventually(within: boundary.timeIntervalSinceNow + 15) { (try? sandbox.status()["state"] as? String) == "paused" }
        #expect(paused, "paused by the schedule at \(boundary)")
        #expect(Date() >= boundary.addingTimeInterval(-1), "not before its minute")
        let pauses = try sandbox.events().filter { $0["kind"] as? String == "pause" }
        #expect(pauses.count == 1 && (pauses.first?["message"] as? String)?.contains("schedule") == true, "\(pauses)")
    }
}
