import Foundation
import Testing

/// `idle_sleep`: with no routed request, and nothing open, for that long, the environment
/// sleeps as `schedule.asleep` says (pause by default), and the event says why.
@Suite(.serialized) struct IdleSleepTests {
    /// The fixture server, plus `/slow`, which answers after 2.5 s.
    static let server = Fixtures.server.replacingOccurrences(
        of: "        sick = os.path.exists",
        with: "        if self.path == \"/slow\":\n            import time; time.sleep(2.5)\n        sick = os.path.exists")

    @Test func anEnvironmentWithNoRequestPausesAndAnOpenRequestKeepsItAwake() throws {
        #expect(Self.server.contains("time.sleep(2.5)"), "the slow endpoint is in the server")
        let sandbox = try Sandbox(["server.py": Self.server, "environments/dev.yaml": """
            router:
              port: auto
              routes:
                - { path: /web, service: web, strip_prefix: true }
            services:
              web:
                command: "exec python3 server.py"
                port: auto
                health: { http: /health, interval: 200ms }
            idle_sleep: 1s
            """])
        defer { sandbox.tearDown() }
        #expect(try sandbox.run("up").status == 0)
        let url = try #require((try sandbox.status()["router"] as? [String: Any])?["url"] as? String)
        let port = try #require(Int(url.split(separator: ":").last ?? ""))
        #expect(try HTTP.get(port: port, path: "/web/").hasPrefix("HTTP/1.1 200"))

        #expect(eventually(within: 10) { (try? sandbox.status()["state"] as? String) == "paused" }, "idle for 1s: paused")
        #expect(try sandbox.events().contains { $0["kind"] as? String == "pause" && ($0["message"] as? String)?.contains("idle") == true })

        // Back by hand; a request that stays open 2.5 s (longer than idle_sleep) keeps it awake.
        #expect(try sandbox.run("resume").status == 0)
        let started = Date()
        let slow = try HTTP.get(port: port, path: "/web/slow")
        #expect(slow.hasPrefix("HTTP/1.1 200"), "\(slow)")
        #expect(Date().timeIntervalSince(started) >= 2.4)
        #expect(try sandbox.status()["state"] as? String == "running", "an open request is activity")
        #expect(eventually(within: 10) { (try? sandbox.status()["state"] as? String) == "paused" }, "then idle again")
    }
}
