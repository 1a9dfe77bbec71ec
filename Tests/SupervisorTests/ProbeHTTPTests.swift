import NIOCore
import NIOPosix
import Supervisor
import Testing

/// `HTTPProbe` against real servers on 127.0.0.1.
@Suite struct ProbeHTTPTests {
    @Test func status200IsHealthy() async throws {
        let server = try await ProbeTestServer.answering("200 OK")
        let probe = HTTPProbe(port: server.port, path: "/health")
        #expect(await probe.check(timeout: .seconds(2)) == .healthy)
        try await server.stop()
    }

    @Test func theRequestIsAShortGETWithHostUserAgentAndConnectionClose() async throws {
        let server = try await ProbeTestServer.answering("204 No Content")
        let probe = HTTPProbe(port: server.port, path: "health")
        #expect(await probe.check(timeout: .seconds(2)) == .healthy)
        let lines = try #require(server.log.heads.first).split(separator: "\r\n").map(String.init)
        #expect(lines.first == "GET /health HTTP/1.1")
        #expect(lines.contains("Host: 127.0.0.1:\(server.port)"))
        #expect(lines.contains("User-Agent: devenv-health"))
        #expect(lines.contains("Connection: close"))
        try await server.stop()
    }

    @Test func status503IsUnhealthyWithTheStatusInTheReason() async throws {
        let server = try await ProbeTestServer.answering("503 Service Unavailable")
        let probe = HTTPProbe(port: server.port, path: "/health")
        let result = await probe.check(timeout: .seconds(2))
        #expect(result == .unhealthy(reason: "GET http://127.0.0.1:\(server.port)/health: 503 Service Unavailable"))
        #expect(result.reason?.contains("503") == true)
        try await server.stop()
    }

    @Test func aRedirectIsHealthyAndNotFollowed() async throws {
        let server = try await ProbeTestServer.answering("302 Found", extraHeaders: "Location: http://127.0.0.1:1/\r\n")
        let probe = HTTPProbe(port: server.port, path: "/")
        #expect(await probe.check(timeout: .seconds(2)) == .healthy)
        #expect(server.log.heads.count == 1)
        try await server.stop()
    }

    @Test(arguments: [("404 Not Found", "404 Not Found"), ("500", "500"), ("199 Early", "199 Early"), ("400 ", "400")])
    func statusesOutside200To399AreUnhealthy(status: String, shown: String) async throws {
        let server = try await ProbeTestServer.start(.respond(["HTTP/1.0 \(status)\r\n\r\n"]))
        let probe = HTTPProbe(port: server.port, path: "/x")
        let expected = ProbeResult.unhealthy(reason: "GET http://127.0.0.1:\(server.port)/x: \(shown)")
        #expect(await probe.check(timeout: .seconds(2)) == expected)
        try await server.stop()
    }

    @Test func aStatusLineThatArrivesInPiecesIsReadWhole() async throws {
        let pieces = ["HTT", "P/1.1 2", "00 OK\r", "\nContent-Length: 0\r\n\r\n"]
        let server = try await ProbeTestServer.start(.respond(pieces))
        let probe = HTTPProbe(port: server.port, path: "/health")
        #expect(await probe.check(timeout: .seconds(2)) == .healthy)
        try await server.stop()
    }

    @Test func anAnswerThatIsNotHTTPIsUnhealthy() async throws {
        let server = try await ProbeTestServer.start(.respond(["SSH-2.0-OpenSSH_9.2\r\n"]))
        let result = await HTTPProbe(port: server.port, path: "/").check(timeout: .seconds(2))
        #expect(result.reason?.contains("not HTTP") == true)
        try await server.stop()
    }

    @Test func aServerThatClosesWithoutAnsweringIsUnhealthy() async throws {
        let server = try await ProbeTestServer.start(.closeAtOnce)
        let result = await HTTPProbe(port: server.port, path: "/health").check(timeout: .seconds(2))
        #expect(!result.isHealthy)
        let reason = try #require(result.reason)
        #expect(reason.contains("closed without an answer") || reason.contains("connection reset"))
        try await server.stop()
    }

    @Test func aRefusedConnectionIsUnhealthyAtOnce() async throws {
        let closed = try ProbeClosedPort()
        defer { closed.close() }
        let port = closed.port
        let probe = HTTPProbe(port: port, path: "/health")
        let (result, elapsed) = await probeTimed { await probe.check(timeout: .seconds(5)) }
        let reason = "GET http://127.0.0.1:\(port)/health: connection refused to 127.0.0.1:\(port)"
        #expect(result == .refused(reason: reason))
        #expect(elapsed < .seconds(3))
    }

    @Test func aServerThatNeverAnswersTimesOutAndItsConnectionIsClosed() async throws {
        let server = try await ProbeTestServer.start(.silent)
        let timeout = Duration.milliseconds(300)
        let probe = HTTPProbe(port: server.port, path: "/health")
        let (result, elapsed) = await probeTimed { await probe.check(timeout: timeout) }
        #expect(result == .unhealthy(reason: "GET http://127.0.0.1:\(server.port)/health: timed out after 300ms"))
        #expect(elapsed >= timeout - .milliseconds(20))
        #expect(elapsed < timeout + .seconds(3), "the deadline holds even on a loaded machine")
        #expect(await probeEventually { server.log.opened == 1 && server.log.closed == 1 })
        try await server.stop()
    }

    @Test func everyPathClosesItsConnection() async throws {
        let healthy = try await ProbeTestServer.answering("200 OK")
        let failing = try await ProbeTestServer.answering("503 Service Unavailable")
        let garbage = try await ProbeTestServer.start(.respond([String(repeating: "x", count: 5000)]))
        for server in [healthy, failing, garbage] {
            for _ in 0..<5 {
                _ = await HTTPProbe(port: server.port, path: "/").check(timeout: .seconds(2))
            }
            #expect(await probeEventually { server.log.opened == 5 && server.log.closed == 5 })
            try await server.stop()
        }
    }

    @Test func aCancelledCheckReturnsAtOnceAndClosesItsConnection() async throws {
        let server = try await ProbeTestServer.start(.silent)
        let probe = HTTPProbe(port: server.port, path: "/health")
        let check = Task { await probeTimed { await probe.check(timeout: .seconds(30)) } }
        #expect(await probeEventually { server.log.heads.count == 1 })
        check.cancel()
        let (result, elapsed) = await check.value
        #expect(result == .unhealthy(reason: "GET http://127.0.0.1:\(server.port)/health: cancelled"))
        #expect(elapsed < .seconds(5))
        #expect(await probeEventually { server.log.closed == 1 })
        try await server.stop()
    }

    @Test func aZeroTimeoutIsUnhealthyWithoutConnecting() async throws {
        let server = try await ProbeTestServer.answering("200 OK")
        let result = await HTTPProbe(port: server.port, path: "/").check(timeout: .zero)
        #expect(result.reason?.contains("timed out after 0s") == true)
        #expect(server.log.opened == 0)
        try await server.stop()
    }

    @Test func aHostNameIsResolved() async throws {
        let server = try await ProbeTestServer.answering("200 OK")
        let probe = HTTPProbe(host: "localhost", port: server.port, path: "/health")
        // `localhost` may resolve to ::1 first; the IPv4 attempt must still win.
        #expect(await probe.check(timeout: .seconds(2)) == .healthy)
        try await server.stop()
    }

    @Test func manyConcurrentChecksEachGetTheirOwnAnswer() async throws {
        let healthy = try await ProbeTestServer.answering("200 OK")
        let failing = try await ProbeTestServer.answering("503 Service Unavailable")
        let results = await withTaskGroup(of: (Bool, ProbeResult).self) { group in
            for index in 0..<40 {
                let wantHealthy = index.isMultiple(of: 2)
                let probe = HTTPProbe(port: wantHealthy ? healthy.port : failing.port, path: "/health")
                group.addTask { (wantHealthy, await probe.check(timeout: .seconds(5))) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 40)
        for (wantHealthy, result) in results {
            #expect(result.isHealthy == wantHealthy)
        }
        try await healthy.stop()
        try await failing.stop()
    }
}
