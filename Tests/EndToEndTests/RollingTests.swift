import Foundation
import Testing

/// Live scale and rolling replacement through the router, under a bounded request loop (keep-
/// alive and fresh connections, some requests slower than a replacement's start): not one
/// request fails, and every replica that was replaced or scaled away is gone.
@Suite(.serialized) struct RollingTests {
    static func sandbox(_ manifest: String) throws -> Sandbox {
        try Sandbox(["environments/dev.yaml": manifest, "server.py": Rolling.server, "load.py": Rolling.load])
    }

    static func routerPort(_ sandbox: Sandbox) throws -> Int {
        let url = try #require((try sandbox.status()["router"] as? [String: Any])?["url"] as? String)
        return try #require(Int(url.split(separator: ":").last ?? ""))
    }

    /// The replicas of `web` serving through the router, as `status` counts them.
    static func serving(_ sandbox: Sandbox) throws -> Int {
        let routes = (try sandbox.status()["router"] as? [String: Any])?["routes"] as? [[String: Any]] ?? []
        return (routes.first?["healthy"] as? NSNumber)?.intValue ?? 0
    }

    @Test func scaleRollingRestartAndAChangedEnvDropNoRequest() throws {
        let sandbox = try Self.sandbox(Rolling.manifest())
        defer { sandbox.tearDown() }
        #expect(try sandbox.run("up").status == 0)
        let port = try Self.routerPort(sandbox)
        var everyPid = Set(try sandbox.pids("web"))
        let unknown = try sandbox.run("scale", "web=3", "nope=2")
        #expect(unknown.status != 0 && unknown.stderr.contains("no service 'nope' in dev; services: web"), "\(unknown.stderr)")
        #expect(try sandbox.replicas("web").count == 2, "nothing was scaled")
        let load = try Rolling.Load(root: sandbox.root, port: port)

        for count in [4, 1, 3] {
            let scaled = try sandbox.run("scale", "web=\(count)")
            #expect(scaled.status == 0, "scale web=\(count): \(scaled.stderr)")
            #expect(scaled.stdout.contains("web scaled to \(count)"), "\(scaled.stdout)")
            #expect(eventually(within: 15) { (try? Self.serving(sandbox)) == count }, "\(count) replicas serve")
            everyPid.formUnion(try sandbox.pids("web"))
        }
        let rolled = try sandbox.run("restart", "web", "--rolling")
        #expect(rolled.status == 0, "\(rolled.stderr)")
        #expect(rolled.stdout.contains("rolled"), "\(rolled.stdout)")
        everyPid.formUnion(try sandbox.pids("web"))

        try Rolling.manifest(replicas: 2, env: "{ VERSION: \"2\" }").write(toFile: sandbox.root + "/environments/dev.yaml", atomically: true, encoding: .utf8)
        let up = try sandbox.run("up")
        #expect(up.status == 0, "\(up.stderr)")
        #expect(!up.stdout.contains("in place"), "web has a health check and a route: rolled, \(up.stdout)")
        let result = try load.stop()

        #expect(result.failed == 0, "failed requests: \(result.failures)")
        #expect(result.ok > 200 && result.slow > 5, "the loop ran: \(result.ok) answered, \(result.slow) slow")
        let now = Set(try sandbox.pids("web"))
        #expect(try sandbox.replicas("web").count == 3, "the scaled count (3) holds while the manifest's count (2) is unchanged")
        #expect(eventually { everyPid.subtracting(now).allSatisfy { !Processes.isAlive($0) } }, "every replaced replica ended")
        let answer = try HTTP.get(port: port, path: "/web/")
        #expect(answer.contains("\r\n\r\n2 web."), "the changed env is live: \(answer)")
        let kinds = try sandbox.events().compactMap { $0["kind"] as? String }
        #expect(kinds.filter { $0 == "scaled" }.count >= 3 && kinds.filter { $0 == "rolled" }.count == 2, "\(kinds)")

        // Kept across down and up, until the manifest's own count changes.
        #expect(try sandbox.run("down").status == 0)
        #expect(try sandbox.run("up").status == 0)
        #expect(try sandbox.replicas("web").count == 3)
        try Rolling.manifest(replicas: 1, env: "{ VERSION: \"2\" }").write(toFile: sandbox.root + "/environments/dev.yaml", atomically: true, encoding: .utf8)
        #expect(try sandbox.run("up").status == 0)
        #expect(try sandbox.replicas("web").count == 1, "the manifest's new count replaces the scaled one")
        #expect(try sandbox.run("down").status == 0)
        #expect(try sandbox.run("up").status == 0)
        #expect(try sandbox.replicas("web").count == 1)
    }

    @Test func aReplacementThatNeverGetsHealthyLeavesTheOldReplicasServing() throws {
        let sandbox = try Self.sandbox(Rolling.manifest())
        defer { sandbox.tearDown() }
        #expect(try sandbox.run("up").status == 0)
        let port = try Self.routerPort(sandbox)
        let before = try sandbox.pids("web")
        let load = try Rolling.Load(root: sandbox.root, port: port)

        try Rolling.manifest(env: "{ VERSION: \"2\", SICK: \"1\" }").write(toFile: sandbox.root + "/environments/dev.yaml", atomically: true, encoding: .utf8)
        let up = try sandbox.run("up", "--timeout", "20s")
        #expect(up.status != 0)
        #expect(up.stderr.contains("failed its health check") && up.stderr.contains("old replicas still serve"), "\(up.stderr)")
        let result = try load.stop()
        #expect(result.failed == 0, "failed requests: \(result.failures)")
        #expect(try sandbox.pids("web") == before, "the old replicas serve on")
        #expect(try HTTP.get(port: port, path: "/web/").contains("\r\n\r\n1 web."))
        #expect(try sandbox.replicas("web").count == 2)

        // Put right, the next up rolls the change out.
        try Rolling.manifest(env: "{ VERSION: \"3\" }").write(toFile: sandbox.root + "/environments/dev.yaml", atomically: true, encoding: .utf8)
        #expect(try sandbox.run("up").status == 0)
        #expect(try HTTP.get(port: port, path: "/web/").contains("\r\n\r\n3 web."))
    }
}
