import Supervisor
import Testing

@testable import Engine

/// Healthy replicas are probed on one shared grid, so their probes wake the daemon together.
@Suite struct ProbeGridTests {
    @Test(arguments: [Duration.milliseconds(250), .seconds(1), .seconds(7)])
    func theNextProbeFallsOnTheGrid(interval: Duration) {
        for _ in 0..<50 {
            let pause = ProbeCadence.untilNextTick(of: interval)
            let since = ProbeCadence.gridOrigin.duration(to: .now)
            #expect(pause > .zero && pause <= interval)
            // Now plus the pause is a whole number of intervals after the origin (to within the
            // time between the two readings of the clock).
            let landing = since + pause
            let offGrid = landing - interval * Int((landing + .milliseconds(5)) / interval)
            #expect(abs(offGrid.components.attoseconds) < 5_000_000_000_000_000 && offGrid.components.seconds == 0, "\(offGrid)")
        }
    }

    @Test func aZeroIntervalIsNotAGrid() {
        #expect(ProbeCadence.untilNextTick(of: .zero) == .zero)
    }
}

/// The probe's timing while a replica starts and once it is healthy, without a clock.
@Suite struct ProbeCadenceTests {
    @Test func startingReplicasAreProbedQuicklyAndFailuresCountOncePerInterval() {
        var cadence = ProbeCadence(interval: .seconds(1))
        var pauses: [Duration] = [], reports: [ProbeCadence.Report] = []
        for step in 0..<6 {
            let (report, pause) = cadence.record(.unhealthy(reason: "503"), at: .milliseconds(400 * step), untilTick: .milliseconds(700))
            pauses.append(pause)
            reports.append(report)
        }
        #expect(pauses == [.microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(20), .milliseconds(20), .milliseconds(20)])
        // At 0, 0.4 and 0.8 s nothing counts (inside the first interval); at 1.2 s the first does;
        // at 1.6 and 2.0 s, less than an interval after it, none.
        #expect(reports == [.nothing, .nothing, .nothing, .failed(reason: "503"), .nothing, .nothing])
        let (late, _) = cadence.record(.unhealthy(reason: "503"), at: .milliseconds(2300), untilTick: .zero)
        #expect(late == .failed(reason: "503"), "one interval after the last counted one")
    }

    @Test func refusedConnectionsAreAskedAgainWithinMilliseconds() {
        var cadence = ProbeCadence(interval: .seconds(1))
        let pauses = (1...70).map { _ in cadence.record(.refused(reason: "refused"), at: .zero, untilTick: .zero).pause }
        #expect(pauses.prefix(20).allSatisfy { $0 == .milliseconds(1) })
        #expect(pauses[20..<60].allSatisfy { $0 == .milliseconds(2) })
        #expect(pauses[60...].allSatisfy { $0 == .milliseconds(5) })
        var short = ProbeCadence(interval: .microseconds(500))
        #expect(short.record(.refused(reason: "refused"), at: .zero, untilTick: .zero).pause == .microseconds(500), "never less often than the interval")
    }

    @Test func onceHealthyItFollowsTheGridAndEveryFailureCounts() {
        var cadence = ProbeCadence(interval: .seconds(1))
        #expect(cadence.record(.healthy, at: .milliseconds(30), untilTick: .milliseconds(640)) == (.succeeded, .milliseconds(640)))
        #expect(cadence.record(.unhealthy(reason: "500"), at: .milliseconds(700), untilTick: .milliseconds(990)) == (.failed(reason: "500"), .milliseconds(990)))
        #expect(cadence.record(.unhealthy(reason: "500"), at: .milliseconds(1700), untilTick: .seconds(1)) == (.failed(reason: "500"), .seconds(1)))
    }
}
