import Foundation
import Testing

@testable import Router

let smugglingCases: [(String, String)] = [
    ("CL and TE", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
    ("TE and CL", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n"),
    ("duplicate CL, different", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde"),
    ("duplicate CL, same", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 4\r\n\r\nabcd"),
    ("CL list", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4, 4\r\n\r\nabcd"),
    ("CL not a number", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"),
    ("CL negative", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"),
    ("CL with sign", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +4\r\n\r\nabcd"),
    ("CL overflow", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n"),
    ("chunk size not hex", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"),
    ("chunk size overflow", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff1\r\nabc\r\n0\r\n\r\n"),
    ("chunk size negative", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\nabc\r\n0\r\n\r\n"),
    ("TE not ending in chunked", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n"),
    ("TE disguised", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n"),
    ("TE space before colon", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n"),
    ("TE twice", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
    ("TE in HTTP/1.0", "POST / HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
    ("header folding", "GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n Transfer-Encoding: chunked\r\n\r\n"),
    ("bare LF", "GET / HTTP/1.1\nHost: x\n\n"),
    ("not HTTP", "\u{16}\u{03}\u{01}\u{02}\u{00}\u{01}\u{00}\u{01}\u{fc}\u{03}\u{03}\r\n\r\n"),
]

@Suite("Safety, live")
struct SafetyTests {
    @Test("Basic auth: allowed with the credentials, 401 with WWW-Authenticate otherwise; denials logged without secrets")
    func basicAuth() async throws {
        let backend = try await TestBackend.start(name: "reset.0")
        let fixture = try await RouterFixture.start(
            routes: [RouteRule(path: "/reset", service: "reset", basicAuth: BasicAuthCredentials(user: "admin", password: "hunter2"))],
            backends: ["reset": [backend]]
        )
        defer { Task { await fixture.shutdown(); await backend.stop() } }
        let good = "Basic " + String(decoding: BasicAuthCheck.base64(Array("admin:hunter2".utf8)), as: UTF8.self)
        let bad = "Basic " + String(decoding: BasicAuthCheck.base64(Array("admin:hunter3".utf8)), as: UTF8.self)

        let missing = try await fixture.request("POST", "/reset", body: "x")
        #expect(missing.status == 401)
        #expect(missing.header("www-authenticate")?.hasPrefix("Basic realm=") == true)
        let wrong = try await fixture.request("POST", "/reset", headers: ["Authorization: \(bad)"])
        #expect(wrong.status == 401)
        let allowed = try await fixture.request("POST", "/reset/now", headers: ["Authorization: \(good)"])
        #expect(allowed.status == 200)
        #expect(allowed.echo["replica"] == "reset.0")
        #expect(backend.control.requests == 1)

        let text = await fixture.accessLogText()
        #expect(!text.contains("hunter"))
        #expect(!text.contains(String(good.dropFirst(6))))
        #expect(!text.contains(String(bad.dropFirst(6))))
        let log = try await fixture.accessLog()
        // One connection each, so possibly batched by different event loops: compare as sets.
        #expect(log.compactMap { $0["status"] as? Int }.sorted() == [200, 401, 401])
        #expect(Set(log.compactMap { $0["reason"] as? String }) == ["missing credentials", "wrong credentials"])
        let denied = try #require(log.first { $0["status"] as? Int == 401 })
        #expect(denied["route"] as? String == "/reset")
        #expect(denied["replica"] is NSNull)
    }


    @Test("Request smuggling shapes: 400, connection closed, nothing smuggled through", arguments: smugglingCases.indices)
    func smuggling(_ index: Int) async throws {
        let (name, request) = smugglingCases[index]
        let backend = try await TestBackend.start(name: "svc.0")
        let fixture = try await RouterFixture.start(routes: [RouteRule(path: "/", service: "svc")], backends: ["svc": [backend]])
        defer { Task { await fixture.shutdown(); await backend.stop() } }
        let client = try await RawClient.connect(port: fixture.port)
        try await client.send(request + "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n")
        let answer = try await client.readToClose()
        #expect(answer.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(name): \(answer)")
        #expect(answer.lowercased().contains("connection: close\r\n"), "\(name)")
        #expect(answer.components(separatedBy: "HTTP/1.1 ").count == 2, "\(name): one answer only")
        #expect(!backend.control.lastHeaders.contains { $0.0 == "host" } || backend.control.requests <= 1, "\(name)")
        let log = try await fixture.accessLog()
        #expect(log.last?["status"] as? Int == 400, "\(name)")
        #expect((log.last?["reason"] as? String)?.isEmpty == false, "\(name)")
    }

    @Test("Header size and count limits: 400, the router unharmed")
    func headerLimits() async throws {
        let backend = try await TestBackend.start(name: "svc.0")
        let fixture = try await RouterFixture.start(
            routes: [RouteRule(path: "/", service: "svc")], backends: ["svc": [backend]],
            limits: RouterLimits(maxHeaderBytes: 8 * 1024, maxHeaderCount: 20)
        )
        defer { Task { await fixture.shutdown(); await backend.stop() } }
        let big = try await RawClient.connect(port: fixture.port)
        try await big.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 10_000))\r\n\r\n")
        #expect(try await big.readToClose().hasPrefix("HTTP/1.1 400"))
        let many = try await RawClient.connect(port: fixture.port)
        try await many.send("GET / HTTP/1.1\r\nHost: x\r\n" + (0..<30).map { "X-\($0): 1\r\n" }.joined() + "\r\n")
        #expect(try await many.readToClose().hasPrefix("HTTP/1.1 400"))
        let long = try await RawClient.connect(port: fixture.port)
        try await long.send("GET /\(String(repeating: "a", count: 10_000)) HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try await long.readToClose().hasPrefix("HTTP/1.1 400"))
        #expect(try await fixture.request("GET", "/fine").status == 200)
        #expect(backend.control.requests == 1)
    }

    @Test("Misbehaving clients never affect another: stalled, garbage and abandoned connections")
    func isolation() async throws {
        let backend = try await TestBackend.start(name: "svc.0")
        let fixture = try await RouterFixture.start(routes: [RouteRule(path: "/", service: "svc")], backends: ["svc": [backend]])
        defer { Task { await fixture.shutdown(); await backend.stop() } }
        var bad: [RawClient] = []
        for index in 0..<10 {
            let client = try await RawClient.connect(port: fixture.port)
            switch index % 3 {
            case 0: try await client.send("GET /half")  // a head that never ends
            case 1: try await client.send("\u{0}\u{1}garbage\r\n\r\n")
            default: try await client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nabc")  // a body that never ends
            }
            bad.append(client)
        }
        for index in 0..<20 {
            let response = try await fixture.request("GET", "/ok/\(index)")
            #expect(response.status == 200)
        }
        // A client that goes away mid-request leaves nothing behind.
        await bad[2].close()
        #expect(try await fixture.request("GET", "/still").status == 200)
        for client in bad { await client.close() }
    }

    @Test("502 when the replica fails mid-response: the client connection is cut, the router goes on")
    func midResponse() async throws {
        let backend = try await TestBackend.start(name: "svc.0")
        let fixture = try await RouterFixture.start(routes: [RouteRule(path: "/", service: "svc")], backends: ["svc": [backend]])
        defer { Task { await fixture.shutdown(); await backend.stop() } }
        let client = try await RawClient.connect(port: fixture.port)
        try await client.send("GET /close-mid HTTP/1.1\r\nHost: x\r\n\r\n")
        let cut = try await client.readToClose()
        #expect(cut.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(cut.hasSuffix("0123456789"))
        #expect(try await fixture.request("GET", "/after").status == 200)
        let log = try await fixture.accessLog()
        let failed = try #require(log.first { ($0["path"] as? String) == "/close-mid" })
        #expect((failed["reason"] as? String)?.contains("mid-response") == true)
        #expect(failed["bytes"] as? Int == 10)
    }

    @Test("504 when the replica does not answer within the response timeout")
    func responseTimeout() async throws {
        let backend = try await TestBackend.start(name: "svc.0")
        let fixture = try await RouterFixture.start(
            routes: [RouteRule(path: "/", service: "svc")], backends: ["svc": [backend]],
            timeouts: RouterTimeouts(response: .milliseconds(300))
        )
        defer { Task { await fixture.shutdown(); await backend.stop() } }
        let started = ContinuousClock.now
        let response = try await fixture.request("GET", "/slow")
        #expect(response.status == 504)
        #expect(ContinuousClock.now - started >= .milliseconds(300))
        #expect(try await fixture.request("GET", "/fast").status == 200)
    }

    @Test("Idle keep-alive connections are closed after the idle timeout")
    func idleTimeout() async throws {
        let backend = try await TestBackend.start(name: "svc.0")
        let fixture = try await RouterFixture.start(
            routes: [RouteRule(path: "/", service: "svc")], backends: ["svc": [backend]],
            timeouts: RouterTimeouts(idle: .milliseconds(200))
        )
        defer { Task { await fixture.shutdown(); await backend.stop() } }
        let client = try await RawClient.connect(port: fixture.port)
        try await client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try await client.response().status == 200)
        let rest = try await client.readToClose(timeout: .seconds(5))
        #expect(rest.isEmpty)
    }
}
