import Supervisor
import Testing

/// `FakeProbe` answers from its script.
@Suite struct ProbeFakeTests {
    @Test func answersInOrderThenRepeatsTheLast() async {
        let probe = FakeProbe([.unhealthy(reason: "starting"), .healthy, .unhealthy(reason: "HTTP 503")])
        var results: [ProbeResult] = []
        for _ in 0..<5 { results.append(await probe.check(timeout: .seconds(1))) }
        #expect(
            results == [
                .unhealthy(reason: "starting"), .healthy, .unhealthy(reason: "HTTP 503"),
                .unhealthy(reason: "HTTP 503"), .unhealthy(reason: "HTTP 503"),
            ])
        #expect(probe.checkCount == 5)
        #expect(probe.remaining == 0)
    }

    @Test func answersAfterwardsOnceTheScriptIsDone() async {
        let probe = FakeProbe([.unhealthy(reason: "down")], afterwards: .healthy)
        #expect(await probe.check(timeout: .seconds(1)) == .unhealthy(reason: "down"))
        #expect(await probe.check(timeout: .seconds(1)) == .healthy)
        #expect(await probe.check(timeout: .seconds(1)) == .healthy)
    }

    @Test func anEmptyScriptIsHealthyAndCanBeExtended() async {
        let probe = FakeProbe()
        #expect(await probe.check(timeout: .seconds(1)) == .healthy)
        probe.enqueue(.unhealthy(reason: "a"), .unhealthy(reason: "b"))
        #expect(probe.remaining == 2)
        #expect(await probe.check(timeout: .seconds(1)) == .unhealthy(reason: "a"))
        #expect(await probe.check(timeout: .seconds(1)) == .unhealthy(reason: "b"))
        #expect(await probe.check(timeout: .seconds(1)) == .unhealthy(reason: "b"))
    }

    @Test func recordsTheTimeouts() async {
        let probe = FakeProbe()
        _ = await probe.check(timeout: .milliseconds(250))
        _ = await probe.check(timeout: .seconds(2))
        #expect(probe.timeouts == [.milliseconds(250), .seconds(2)])
    }

    @Test func worksThroughTheProtocol() async {
        let probe: any HealthProbe = FakeProbe([.unhealthy(reason: "x")])
        let result = await probe.check(timeout: .seconds(1))
        #expect(result.reason == "x")
        #expect(!result.isHealthy)
        #expect(result.description == "unhealthy: x")
        #expect(ProbeResult.healthy.description == "healthy")
    }
}
