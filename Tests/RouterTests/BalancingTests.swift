import Foundation
import NIOCore
import Testing

@testable import Router

@Suite("Balancing, live")
struct BalancingTests {
    @Test("Round-robin across 3 replicas, on one connection and on new ones")
    func roundRobin() async throws {
        let replicas = try await startBackends("adder", count: 3)
        let fixture = try await RouterFixture.start(routes: [RouteRule(path: "/", service: "adder")], backends: ["adder": replicas])
        defer { Task { await fixture.shutdown(); await stopAll(replicas) } }

        let client = try await RawClient.connect(port: fixture.port)
        var seen: [String] = []
        for _ in 0..<6 {
            try await client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            seen.append(try await client.response().echo["replica"] ?? "?")
        }
        await client.close()
        #expect(Set(seen[0..<3]) == ["adder.0", "adder.1", "adder.2"])
        #expect(Array(seen[3..<6]) == Array(seen[0..<3]))

        var counts: [String: Int] = [:]
        for _ in 0..<12 {
            counts[try await fixture.request("GET", "/").echo["replica"] ?? "?", default: 0] += 1
        }
        // Each event loop turns its own wheel: with L loops, no replica is ahead by more than L.
        #expect(counts.count == 3)
        #expect((counts.values.max() ?? 0) - (counts.values.min() ?? 0) <= System.coreCount * 2)
        #expect(replicas.map(\.control.requests).reduce(0, +) == 18)
    }

    @Test("A killed replica is skipped without a failed request, and marked down")
    func killedReplica() async throws {
        let replicas = try await startBackends("adder", count: 3)
        let fixture = try await RouterFixture.start(routes: [RouteRule(path: "/", service: "adder")], backends: ["adder": replicas])
        defer { Task { await fixture.shutdown(); await stopAll(replicas) } }

        // Warm pools on the connection's loop, then kill one replica under them.
        let client = try await RawClient.connect(port: fixture.port)
        for _ in 0..<6 {
            try await client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await client.response().status == 200)
        }
        await replicas[1].stop()
        var seen: [String] = []
        for _ in 0..<9 {
            try await client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try await client.response()
            #expect(response.status == 200)
            seen.append(response.echo["replica"] ?? "?")
        }
        for _ in 0..<6 {
            let response = try await fixture.request("GET", "/")
            #expect(response.status == 200)
            seen.append(response.echo["replica"] ?? "?")
        }
        await client.close()
        #expect(!seen.contains("adder.1"))
        #expect(Set(seen) == ["adder.0", "adder.2"])
        let log = try await fixture.accessLog()
        #expect(log.count == 21)
        #expect(log.allSatisfy { $0["status"] as? Int == 200 })
    }

    @Test("503 when a service has no healthy replica; replicas join and leave live")
    func membership() async throws {
        let replicas = try await startBackends("svc", count: 2)
        let fixture = try await RouterFixture.start(routes: [RouteRule(path: "/svc", service: "svc")])
        defer { Task { await fixture.shutdown(); await stopAll(replicas) } }

        let none = try await fixture.request("GET", "/svc/x")
        #expect(none.status == 503)
        #expect(none.text.contains("no healthy replica of svc"))

        fixture.router.setBackends(service: "svc", [replicas[0].backend])
        let client = try await RawClient.connect(port: fixture.port)
        for _ in 0..<2 {
            try await client.send("GET /svc HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await client.response().echo["replica"] == "svc.0")
        }
        fixture.router.setBackends(service: "svc", [replicas[1].backend])
        for _ in 0..<2 {
            try await client.send("GET /svc HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await client.response().echo["replica"] == "svc.1")
        }
        fixture.router.setBackends(service: "svc", [])
        try await client.send("GET /svc HTTP/1.1\r\nHost: x\r\n\r\n")
        let gone = try await client.response()
        #expect(gone.status == 503)
        #expect(gone.header("retry-after") == "1")
        await client.close()

        let log = try await fixture.accessLog()
        #expect(log.compactMap { $0["status"] as? Int }.sorted() == [200, 200, 200, 200, 503, 503])
        #expect(log.filter { $0["status"] as? Int == 503 }.allSatisfy { $0["reason"] as? String == "no healthy replica of svc" })
    }

    @Test("Every replica refusing: 503 after trying each, never a hang")
    func allRefusing() async throws {
        let replicas = try await startBackends("svc", count: 2)
        let fixture = try await RouterFixture.start(routes: [RouteRule(path: "/", service: "svc")], backends: ["svc": replicas])
        defer { Task { await fixture.shutdown() } }
        await stopAll(replicas)
        let response = try await fixture.request("GET", "/")
        #expect(response.status == 503)
        let log = try await fixture.accessLog()
        #expect(log.first?["reason"] as? String == "no replica of svc accepted a connection")
    }

    @Test("The router keeps serving while a service restarts on the same port")
    func restart() async throws {
        let replica = try await TestBackend.start(name: "svc.0")
        let fixture = try await RouterFixture.start(routes: [RouteRule(path: "/", service: "svc")], backends: ["svc": [replica]])
        defer { Task { await fixture.shutdown() } }
        #expect(try await fixture.request("GET", "/").status == 200)
        await replica.stop()
        #expect(try await fixture.request("GET", "/").status == 503)
        // The supervisor brings it back (a new port here) and lists it anew.
        let again = try await TestBackend.start(name: "svc.0")
        defer { Task { await again.stop() } }
        fixture.router.setBackends(service: "svc", [again.backend])
        #expect(try await fixture.request("GET", "/").status == 200)
    }
}
