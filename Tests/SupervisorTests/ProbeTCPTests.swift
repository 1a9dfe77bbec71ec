import NIOCore
import NIOPosix
import Supervisor
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `TCPProbe` against real sockets on 127.0.0.1.
@Suite struct ProbeTCPTests {
    @Test func anOpenPortIsHealthyAndTheConnectionIsClosed() async throws {
        let server = try await ProbeTestServer.start(.silent)
        #expect(await TCPProbe(port: server.port).check(timeout: .seconds(2)) == .healthy)
        #expect(await probeEventually { server.log.opened == 1 && server.log.closed == 1 })
        try await server.stop()
    }

    @Test func aClosedPortIsUnhealthyAtOnce() async throws {
        let closed = try ProbeClosedPort()
        defer { closed.close() }
        let port = closed.port
        let (result, elapsed) = await probeTimed { await TCPProbe(port: port).check(timeout: .seconds(5)) }
        #expect(result == .refused(reason: "connection refused to 127.0.0.1:\(port)"))
        #expect(elapsed < .seconds(3))
    }

    @Test func aConnectThatHangsTimesOut() async throws {
        let listener = try ProbeFullListener()
        defer { listener.close() }
        let timeout = Duration.milliseconds(300)
        let (result, elapsed) = await probeTimed { await TCPProbe(port: listener.port).check(timeout: timeout) }
        #expect(result == .unhealthy(reason: "timed out after 300ms connecting to 127.0.0.1:\(listener.port)"))
        #expect(elapsed < timeout + .seconds(3), "the deadline holds even on a loaded machine")
    }

    @Test func anHTTPConnectThatHangsTimesOutToo() async throws {
        let listener = try ProbeFullListener()
        defer { listener.close() }
        let timeout = Duration.milliseconds(300)
        let (result, elapsed) = await probeTimed {
            await HTTPProbe(port: listener.port, path: "/health").check(timeout: timeout)
        }
        #expect(result.reason?.contains("timed out after 300ms") == true)
        #expect(elapsed < timeout + .seconds(3), "the deadline holds even on a loaded machine")
    }
}
