import Foundation
import Testing

/// The repository's own demo stack, brought up by devenv and used through the router.
@Suite(.serialized) struct DemoStackTests {
    /// A copy of the repo's environments/ and seed/, with the router on a free port and the
    /// manifests' `.build/debug/demo-app` pointing at the built demo-app.
    private func demoProject() throws -> Sandbox {
        var files: [String: String] = [:]
        for directory in ["environments", "seed"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: Repository.root + "/" + directory) {
                var text = try String(contentsOfFile: Repository.root + "/\(directory)/\(name)", encoding: .utf8)
                if directory == "environments" { text = text.replacingOccurrences(of: "port: 808", with: "port: 1808") }
                files["\(directory)/\(name)"] = text
            }
        }
        let sandbox = try Sandbox(files)
        try FileManager.default.createDirectory(atPath: sandbox.root + "/.build/debug", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: sandbox.root + "/.build/debug/demo-app",
                                                   withDestinationPath: CLI.productsDirectory + "/demo-app")
        return sandbox
    }

    private func routerPort(_ sandbox: Sandbox, _ environment: String) throws -> Int {
        let url = try #require((try sandbox.status(environment)["router"] as? [String: Any])?["url"] as? String)
        return try #require(Int(url.split(separator: ":").last ?? ""))
    }

    @Test func devAddsDisplaysAndResetsThroughTheRouter() throws {
        let sandbox = try demoProject()
        defer { sandbox.tearDown() }
        let up = try sandbox.run("up", "dev")
        #expect(up.status == 0, "\(up.stderr)")
        let port = try routerPort(sandbox, "dev")

        #expect(try HTTP.get(port: port, path: "/").contains("/adder"), "the home page links the services")
        let added = try HTTP.post(port: port, path: "/adder/", json: #"{"value": 8}"#)
        #expect(added.contains(#""sum":50"#), "seeded 42 + 8: \(added)")
        let display = try HTTP.get(port: port, path: "/display/", accept: "application/json")
        #expect(display.contains(#""sum":50"#))
        let reset = try HTTP.post(port: port, path: "/reset/", json: "{}")
        #expect(reset.contains(#""deleted":4"#), "\(reset)")
        #expect(try HTTP.get(port: port, path: "/display/", accept: "application/json").contains(#""sum":0"#))
    }

    @Test func prodPutsResetBehindBasicAuth() throws {
        let sandbox = try demoProject()
        defer { sandbox.tearDown("prod") }
        let up = try sandbox.run("up", "prod", environment: ["ADMIN_PASSWORD": "s3cret"])
        #expect(up.status == 0, "\(up.stderr)")
        let port = try routerPort(sandbox, "prod")
        #expect(try HTTP.post(port: port, path: "/reset/", json: "{}").hasPrefix("HTTP/1.1 401"))
        #expect(try HTTP.post(port: port, path: "/reset/", json: "{}", authorization: "Basic YWRtaW46czNjcmV0")
            .hasPrefix("HTTP/1.1 200"))
        #expect(try sandbox.replicas("adder", "prod").count == 3)
        #expect(try sandbox.run("down", "prod").status == 0)
        let log = try String(contentsOfFile: sandbox.root + "/.devenv/prod/logs/router.access.log", encoding: .utf8)
        #expect(log.contains(#""status":401"#), "the denial is logged, and nothing is lost when the router stops")
        #expect(log.contains(#""status":200"#))
        #expect(!log.contains("s3cret") && !log.contains("YWRtaW46czNjcmV0"), "no credentials in the access log")
    }
}
