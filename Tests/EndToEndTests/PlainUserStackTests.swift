import Foundation
import Testing

/// A developer on a laptop is not root: the whole stack — Postgres, the demo's services and
/// python servers, the router in front — comes up as a plain user and answers through the router.
@Suite(.serialized) struct PlainUserStackTests {
    static func manifest(bin: String) -> String {
        """
        postgres:
          port: auto
          databases:
            app:
              seed:
                - seed/schema.sql
                - { file: seed/values.csv, table: app_values }
        router:
          port: auto
          routes:
            - { path: /, service: home }
            - { path: /adder, service: adder, strip_prefix: true }
            - { path: /web, service: web, strip_prefix: true }
        services:
          home:
            command: ["\(bin)/demo-app", "home"]
            port: auto
            env: { ROUTER_URL: "${router.url}" }
            health: { http: /health, interval: 200ms }
          adder:
            command: ["\(bin)/demo-app", "adder"]
            port: auto
            env: { DATABASE_URL: "${postgres.databases.app.url}" }
            depends_on: { postgres: healthy }
            health: { http: /health, interval: 200ms }
          web:
            command: "exec python3 server.py"
            port: auto
            replicas: 2
            health: { http: /health, interval: 200ms }
        """
    }

    @Test func theStackAnswersThroughTheRouterAsAPlainUser() throws {
        let seed = Repository.root + "/seed"
        let sandbox = try Sandbox.plain([
            "environments/dev.yaml": Self.manifest(bin: PlainUser.productsDirectory),
            "server.py": Fixtures.server,
            "seed/schema.sql": try String(contentsOfFile: seed + "/schema.sql", encoding: .utf8),
            "seed/values.csv": try String(contentsOfFile: seed + "/values.csv", encoding: .utf8),
        ])
        defer {
            _ = try? sandbox.runPlain("down", "--purge")
            #expect(eventually(within: 15) { Processes.running(under: sandbox.root).isEmpty })
            sandbox.remove()
        }
        let up = try sandbox.runPlain("up", "--timeout", "60s")
        #expect(up.status == 0, "up as \(PlainUser.account.name): \(up.stderr)")
        let status = try sandbox.runPlain("status", "--json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect(object["state"] as? String == "running", "\(status.stdout)")
        let url = try #require((object["router"] as? [String: Any])?["url"] as? String)
        let port = try #require(Int(url.split(separator: ":").last ?? ""))

        // Every kind of upstream answers through the router: python, demo-app with and without Postgres.
        for _ in 0..<4 {
            let web = try HTTP.get(port: port, path: "/web/")
            #expect(web.hasPrefix("HTTP/1.1 200"), "python through the router: \(web)")
        }
        let home = try HTTP.get(port: port, path: "/")
        #expect(home.hasPrefix("HTTP/1.1 200"), "home through the router: \(home)")
        let sum = try HTTP.get(port: port, path: "/adder/", accept: "application/json")
        #expect(sum.hasPrefix("HTTP/1.1 200") && sum.contains("\"sum\":42"), "adder through the router: \(sum)")

        // Every process of the stack runs as the plain user, Postgres included.
        let pids = Processes.running(under: sandbox.root)
        #expect(!pids.isEmpty)
        for pid in pids {
            let owner = (try? FileManager.default.attributesOfItem(atPath: "/proc/\(pid)"))?[.ownerAccountID] as? NSNumber
            #expect(owner?.uint32Value == PlainUser.account.uid, "pid \(pid) runs as \(owner.map { "\($0)" } ?? "?")")
        }
    }
}
