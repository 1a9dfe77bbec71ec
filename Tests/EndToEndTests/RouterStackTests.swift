import Foundation
import Testing

/// The router inside the daemon, in front of real replicas.
@Suite(.serialized) struct RouterStackTests {
    @Test func routesBalanceAndFollowReplicasAsTheyComeAndGo() throws {
        let sandbox = try Fixtures.project(["dev": """
            router:
              port: auto
              routes:
                - { path: /web, service: web, strip_prefix: true }
            services:
              web:
                command: "exec python3 server.py"
                port: auto
                replicas: 2
                health: { http: /health, interval: 100ms, retries: 1 }
            """])
        defer { sandbox.tearDown() }
        #expect(try sandbox.run("up").status == 0)
        let router = try #require(try sandbox.status()["router"] as? [String: Any])
        let url = try #require(router["url"] as? String)
        let port = try #require(Int(url.split(separator: ":").last ?? ""))
        let routes = router["routes"] as? [[String: Any]]
        #expect(routes?.first?["path"] as? String == "/web")
        #expect((routes?.first?["healthy"] as? NSNumber)?.intValue == 2)

        let answers = try (0..<6).map { _ in try HTTP.get(port: port, path: "/web/") }
        #expect(answers.allSatisfy { $0.hasPrefix("HTTP/1.1 200") })
        #expect(Set(answers.compactMap { $0.components(separatedBy: "\r\n\r\n").last }) == ["web.0\n", "web.1\n"],
                "round-robin over both replicas")

        // A replica that turns unhealthy leaves the rotation; every request still succeeds.
        FileManager.default.createFile(atPath: sandbox.root + "/web.sick", contents: nil)
        #expect(eventually {
            let routes = ((try? sandbox.status()["router"]) as? [String: Any])?["routes"] as? [[String: Any]]
            return (routes?.first?["healthy"] as? NSNumber)?.intValue == 0
        })
        let none = try HTTP.get(port: port, path: "/web/")
        #expect(none.hasPrefix("HTTP/1.1 503"), "no healthy replica: 503")
        try FileManager.default.removeItem(atPath: sandbox.root + "/web.sick")
        #expect(eventually { (try? HTTP.get(port: port, path: "/web/"))?.hasPrefix("HTTP/1.1 200") == true })

        // The access log is written in batches: wait for the batch with these requests.
        #expect(eventually {
            ((try? String(contentsOfFile: sandbox.root + "/.devenv/dev/logs/router.access.log", encoding: .utf8)) ?? "")
                .contains("\"route\":\"/web\"")
        })
    }
}
