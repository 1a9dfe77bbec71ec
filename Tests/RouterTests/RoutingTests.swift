import Foundation
import Testing

@testable import Router

@Suite("Routing, live")
struct RoutingTests {
    @Test("Prefix boundaries and strip_prefix reach the right service with the right path")
    func prefixes() async throws {
        let home = try await TestBackend.start(name: "home.0")
        let adder = try await TestBackend.start(name: "adder.0")
        let add = try await TestBackend.start(name: "add.0")
        let fixture = try await RouterFixture.start(
            routes: [
                RouteRule(path: "/", service: "home"),
                RouteRule(path: "/adder", service: "adder", stripPrefix: true),
                RouteRule(path: "/add", service: "add"),
            ],
            backends: ["home": [home], "adder": [adder], "add": [add]]
        )
        defer { Task { await fixture.shutdown(); await stopAll([home, adder, add]) } }

        let cases: [(String, String, String)] = [
            ("/adder", "adder.0", "/"),
            ("/adder/x?y=1", "adder.0", "/x?y=1"),
            ("/adderx", "home.0", "/adderx"),
            ("/add", "add.0", "/add"),
            ("/add/1", "add.0", "/add/1"),
            ("/", "home.0", "/"),
            ("/other", "home.0", "/other"),
        ]
        for (target, replica, upstream) in cases {
            let response = try await fixture.request("GET", target)
            #expect(response.status == 200, "\(target)")
            #expect(response.echo["replica"] == replica, "\(target)")
            #expect(response.echo["uri"] == upstream, "\(target)")
        }
        let stripped = try await fixture.request("GET", "/adder/x")
        #expect(stripped.echo["header.x-forwarded-prefix"] == "/adder")
        let unstripped = try await fixture.request("GET", "/add/x")
        #expect(unstripped.echo["header.x-forwarded-prefix"] == nil)
    }

    @Test("X-Forwarded-* replaced, X-Request-Id kept or generated, on the way up, back and in the log")
    func forwardedHeaders() async throws {
        let backend = try await TestBackend.start(name: "api.0")
        let fixture = try await RouterFixture.start(routes: [RouteRule(path: "/api", service: "api")], backends: ["api": [backend]])
        defer { Task { await fixture.shutdown(); await backend.stop() } }

        let kept = try await fixture.request("GET", "/api/x", headers: ["X-Request-Id: client-id-1", "X-Forwarded-For: 6.6.6.6"])
        #expect(kept.echo["header.x-request-id"] == "client-id-1")
        #expect(kept.header("x-request-id") == "client-id-1")
        #expect(kept.echo["header.x-forwarded-for"] == "127.0.0.1")
        #expect(kept.echo["header.x-forwarded-proto"] == "http")
        #expect(kept.echo["header.x-forwarded-host"] == "localhost:\(fixture.port)")

        let generated = try await fixture.request("GET", "/api/y")
        let id = try #require(generated.echo["header.x-request-id"])
        #expect(id.count == 32)
        #expect(generated.header("x-request-id") == id)

        // Lines from different connections may be batched by different event loops: find by id.
        let log = try await fixture.accessLog()
        #expect(log.count == 2)
        #expect(Set(log.compactMap { $0["id"] as? String }) == ["client-id-1", id])
        let first = try #require(log.first { $0["id"] as? String == "client-id-1" })
        #expect(first["method"] as? String == "GET")
        #expect(first["path"] as? String == "/api/x")
        #expect(first["route"] as? String == "/api")
        #expect(first["replica"] as? String == "api.0")
        #expect(first["status"] as? Int == 200)
        #expect((first["bytes"] as? Int ?? 0) > 0)
        #expect(first["duration_ms"] is Double)
        #expect(first["time"] is String)
    }

    @Test("404 lists the routes: JSON for an API client, HTML for a browser; logged")
    func notFound() async throws {
        let fixture = try await RouterFixture.start(routes: [
            RouteRule(path: "/adder", service: "adder"), RouteRule(path: "/display", service: "display"),
        ])
        defer { Task { await fixture.shutdown() } }

        let json = try await fixture.request("GET", "/nope?secret=1", headers: ["Accept: application/json"])
        #expect(json.status == 404)
        #expect(json.header("content-type") == "application/json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.body)) as? [String: Any])
        #expect(object["path"] as? String == "/nope")
        let routes = try #require(object["routes"] as? [[String: String]])
        #expect(routes == [["path": "/adder", "service": "adder"], ["path": "/display", "service": "display"]])

        let html = try await fixture.request("GET", "/<script>", headers: ["Accept: text/html,application/xhtml+xml"])
        #expect(html.status == 404)
        #expect(html.header("content-type")?.hasPrefix("text/html") == true)
        #expect(html.text.contains("<a href=\"/adder\">/adder</a>"))
        #expect(html.text.contains("&lt;script&gt;"))
        #expect(!html.text.contains("<script>"))

        let log = try await fixture.accessLog()
        #expect(log.map { $0["status"] as? Int } == [404, 404])
        #expect(log.first?["reason"] as? String == "no route")
        #expect(log.first?["route"] is NSNull)
    }

    @Test("Keep-alive: many requests on one client connection, HEAD without a body, HTTP/1.0 closes")
    func keepAlive() async throws {
        let backend = try await TestBackend.start(name: "svc.0")
        let fixture = try await RouterFixture.start(routes: [RouteRule(path: "/", service: "svc")], backends: ["svc": [backend]])
        defer { Task { await fixture.shutdown(); await backend.stop() } }

        let client = try await RawClient.connect(port: fixture.port)
        for index in 0..<5 {
            try await client.send("GET /n/\(index) HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try await client.response()
            #expect(response.echo["uri"] == "/n/\(index)")
            #expect(response.header("connection") == nil)
        }
        try await client.send("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\nGET /after-head HTTP/1.1\r\nHost: x\r\n\r\n")
        let head = try await client.response(toHEAD: true)
        #expect(head.status == 200 && head.body.isEmpty && head.header("content-length") != nil)
        let after = try await client.response()
        #expect(after.echo["uri"] == "/after-head")
        await client.close()

        let old = try await RawClient.connect(port: fixture.port)
        try await old.send("GET /old HTTP/1.0\r\n\r\n")
        let text = try await old.readToClose()
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(text.lowercased().contains("connection: close\r\n"))
        #expect(text.contains("uri=/old"))
    }

    @Test("Pipelined requests are answered in order")
    func pipelined() async throws {
        let backend = try await TestBackend.start(name: "svc.0")
        let fixture = try await RouterFixture.start(
            routes: [RouteRule(path: "/", service: "svc"), RouteRule(path: "/none", service: "none")],
            backends: ["svc": [backend]]
        )
        defer { Task { await fixture.shutdown(); await backend.stop() } }
        let client = try await RawClient.connect(port: fixture.port)
        defer { Task { await client.close() } }
        try await client.send(
            "GET /p/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /none HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /p/3 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET /p/4 HTTP/1.1\r\nHost: x\r\n\r\n"
        )
        let first = try await client.response()
        let second = try await client.response()
        let third = try await client.response()
        let fourth = try await client.response()
        #expect(first.echo["uri"] == "/p/1")
        #expect(second.status == 503)
        #expect(third.echo["uri"] == "/p/3" && third.echo["body"] == "abc")
        #expect(fourth.echo["uri"] == "/p/4")
    }
}
