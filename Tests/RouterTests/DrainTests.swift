import Foundation
import NIOCore
import Testing

@testable import Router

/// A replica taken out of rotation is drained: what was sent to it is answered, its keep-alive
/// connections are closed, and the router's count of its connections says when that is done.
@Suite("Draining a replica")
struct DrainTests {
    @Test("A request in flight to a withdrawn replica finishes; then it holds no connection")
    func inFlightRequestFinishes() async throws {
        let old = try await TestBackend.start(name: "web.0")
        let new = try await TestBackend.start(name: "web.1")
        let fixture = try await RouterFixture.start(routes: [RouteRule(path: "/", service: "web")], backends: ["web": [old]])
        defer { Task { await fixture.shutdown(); await old.stop(); await new.stop() } }

        // A keep-alive connection pooled to `old`, and a stream still open from it.
        #expect(try await fixture.request("GET", "/").echo["replica"] == "web.0")
        let client = try await RawClient.connect(port: fixture.port)
        defer { Task { await client.close() } }
        try await client.send("GET /sse HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
        _ = try await client.inbox.take(timeout: .seconds(10)) { buffer, _ -> String? in
            String(buffer: buffer).contains("data: one\n\n") ? "" : nil
        }

        fixture.router.setBackends(service: "web", [new.backend])
        #expect(try await fixture.request("GET", "/").echo["replica"] == "web.1", "new requests go to the new replica")
        #expect(await fixture.router.openConnections(to: old.backend) == 1, "the pooled one is closed, the streaming one is not")

        old.control.releaseSSE()
        let rest = try await client.inbox.take(timeout: .seconds(10)) { buffer, _ -> String? in
            let text = String(buffer: buffer)
            return text.hasSuffix("0\r\n\r\n") ? text : nil
        }
        #expect(rest.contains("data: two\n\n"), "the request in flight was answered in full")
        #expect(try await eventually(deadline: .seconds(10)) {
            // Synchronous look: the census itself, after the response completed.
            fixture.router.openConnectionsNow(to: old.backend) == 0
        })
        #expect(await fixture.router.openConnections(to: new.backend) >= 1, "the new replica's connection is pooled")
    }
}
