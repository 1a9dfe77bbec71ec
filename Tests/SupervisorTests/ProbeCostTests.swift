import NIOCore
import NIOPosix
import Supervisor
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What an HTTP check costs: the daemon runs dozens a second.
@Suite struct ProbeCostTests {
    @Test func aThousandSequentialHTTPChecksAreCheap() async throws {
        // The server and the probe each get an event loop of their own, so their threads'
        // CPU can be told apart from each other and from whatever else the process is doing.
        let serverGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let probeGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await ProbeTestServer.answering("200 OK", group: serverGroup)
        let probe = HTTPProbe(port: server.port, path: "/health", eventLoopGroup: probeGroup)
        let count = 1000
        #expect(await probe.check(timeout: .seconds(2)) == .healthy)  // warm up

        let processBefore = Self.processCPU()
        let probeLoopBefore = try await Self.threadCPU(of: probeGroup)
        let serverLoopBefore = try await Self.threadCPU(of: serverGroup)
        let start = ContinuousClock.now
        var healthy = 0
        for _ in 0..<count where await probe.check(timeout: .seconds(2)) == .healthy {
            healthy += 1
        }
        let wall = ContinuousClock.now - start
        let probeLoop = try await Self.threadCPU(of: probeGroup) - probeLoopBefore
        let serverLoop = try await Self.threadCPU(of: serverGroup) - serverLoopBefore
        let process = Self.processCPU() - processBefore

        func perCheck(_ total: Duration) -> String {
            let microseconds = Double(total.components.seconds) * 1e6 + Double(total.components.attoseconds) / 1e12
            return String(Int((microseconds / Double(count)).rounded())) + " µs"
        }
        print(
            """
            HTTP probe cost over \(count) sequential checks (wall \(perCheck(wall)) per check):
              process CPU (getrusage, user+sys, includes the in-process server): \(perCheck(process)) per check
              probe event-loop thread CPU: \(perCheck(probeLoop)) per check
              server event-loop thread CPU: \(perCheck(serverLoop)) per check
              process CPU without the server's thread: \(perCheck(process - serverLoop)) per check
            """)
        #expect(healthy == count)
        // A loopback check runs on the process's LoopbackProber thread, not on the probe's event
        // loop. A loose bound on the process's CPU besides the server's (a debug build costs about
        // 0.15 ms a check); `make bench` measures the daemon's idle CPU.
        #expect(probeLoop < .milliseconds(1) * count)
        #expect(process - serverLoop < .milliseconds(2) * count)

        try await server.stop()
        try await serverGroup.shutdownGracefully()
        try await probeGroup.shutdownGracefully()
    }

    /// User plus system CPU of the whole process so far.
    static func processCPU() -> Duration {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return duration(usage.ru_utime) + duration(usage.ru_stime)
    }

    /// CPU used so far by the one thread of `group`.
    static func threadCPU(of group: MultiThreadedEventLoopGroup) async throws -> Duration {
        try await group.next().submit {
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return Duration.seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
        }.get()
    }

    private static func duration(_ time: timeval) -> Duration {
        .seconds(time.tv_sec) + .microseconds(time.tv_usec)
    }
}
