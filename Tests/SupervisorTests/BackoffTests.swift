import Supervisor
import Testing

@Suite struct BackoffTests {
    @Test func defaultDelaysDoubleFrom100msAndCapAt30s() {
        var backoff = Backoff()
        let delays = (0..<12).map { _ in backoff.nextDelay() }
        #expect(
            delays == [
                .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800),
                .milliseconds(1600), .milliseconds(3200), .milliseconds(6400), .milliseconds(12800),
                .milliseconds(25600), .seconds(30), .seconds(30), .seconds(30),
            ]
        )
        #expect(backoff.attempt == 12)
    }

    @Test func resetStartsOver() {
        var backoff = Backoff()
        for _ in 0..<5 { _ = backoff.nextDelay() }
        #expect(backoff.nextDelay() == .milliseconds(3200))
        backoff.reset()
        #expect(backoff.attempt == 0)
        #expect(backoff.nextDelay() == .milliseconds(100))
        #expect(backoff.nextDelay() == .milliseconds(200))
    }

    @Test func configurationShapesTheDelays() {
        var backoff = Backoff(
            configuration: .init(initial: .seconds(1), factor: 3, maximum: .seconds(10), resetAfter: .seconds(60))
        )
        let delays = (0..<5).map { _ in backoff.nextDelay() }
        #expect(delays == [.seconds(1), .seconds(3), .seconds(9), .seconds(10), .seconds(10)])
    }

    @Test func fractionalFactor() {
        var backoff = Backoff(configuration: .init(initial: .milliseconds(100), factor: 1.5))
        let delays = (0..<3).map { _ in backoff.nextDelay() }
        #expect(delays == [.milliseconds(100), .milliseconds(150), .milliseconds(225)])
    }

    @Test func initialAboveMaximumIsCapped() {
        var backoff = Backoff(configuration: .init(initial: .seconds(60), maximum: .seconds(30)))
        #expect(backoff.nextDelay() == .seconds(30))
        backoff.reset()
        #expect(backoff.nextDelay() == .seconds(30))
    }

    @Test(arguments: [
        (Duration.zero, false),
        (.milliseconds(9999), false),
        (.seconds(10), true),
        (.seconds(3600), true),
    ])
    func stableRunAfterTenSeconds(ranFor: Duration, stable: Bool) {
        #expect(Backoff().isStableRun(ranFor) == stable)
    }
}
