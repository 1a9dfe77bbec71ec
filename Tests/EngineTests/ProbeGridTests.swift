import Testing

@testable import Engine

/// Healthy replicas are probed on one shared grid, so their probes wake the daemon together.
@Suite struct ProbeGridTests {
    @Test(arguments: [Duration.milliseconds(250), .seconds(1), .seconds(7)])
    func theNextProbeFallsOnTheGrid(interval: Duration) {
        for _ in 0..<50 {
            let pause = EnvironmentSupervisor.untilNextTick(of: interval)
            let since = EnvironmentSupervisor.probeGridOrigin.duration(to: .now)
            #expect(pause > .zero && pause <= interval)
            // Now plus the pause is a whole number of intervals after the origin (to within the
            // time between the two readings of the clock).
            let landing = since + pause
            let offGrid = landing - interval * Int((landing + .milliseconds(5)) / interval)
            #expect(abs(offGrid.components.attoseconds) < 5_000_000_000_000_000 && offGrid.components.seconds == 0, "\(offGrid)")
        }
    }

    @Test func aZeroIntervalIsNotAGrid() {
        #expect(EnvironmentSupervisor.untilNextTick(of: .zero) == .zero)
    }
}
