import Foundation
import Supervisor

/// When a replica's probe runs next, and which of its results count. Pure: the caller reports
/// each result with the time since the replica started and sleeps for the pause it is given.
///
/// - Until the first success the probe runs quickly — 2.5, 5, 10, then every 20 ms; 1 ms after a
///   refused connection for the first twenty (a small server listens within a few ms), then 2 ms,
///   then 5 ms — so `up` returns as soon as it can, yet failures count at most once per
///   `interval`, so a slow start is not mistaken for a dead one.
/// - Once healthy it runs on the probe grid (multiples of `interval` since the daemon started),
///   so forty replicas' probes wake the daemon together instead of forty times apart, and every
///   failure counts.
struct ProbeCadence {
    /// What the caller should tell the replica's health tracker.
    enum Report: Equatable {
        case succeeded
        case failed(reason: String)
        /// A failure too soon after the last counted one, before the first success.
        case nothing
    }

    static let startupInterval: Duration = .milliseconds(20)

    let interval: Duration
    private(set) var healthy = false
    private var lastCountedFailure: Duration?
    private var probes = 0
    private var refusals = 0

    init(interval: Duration) {
        self.interval = interval
    }

    /// Records a probe result seen `elapsed` after the replica started.
    /// - Parameter untilTick: the time to the next tick of the probe grid (`untilNextTick`).
    /// - Returns: what to report, and how long to pause before the next probe.
    mutating func record(_ result: ProbeResult, at elapsed: Duration, untilTick: Duration) -> (report: Report, pause: Duration) {
        let report: Report
        switch result {
        case .healthy:
            healthy = true
            report = .succeeded
        case .unhealthy(let reason), .refused(let reason):
            if healthy || lastCountedFailure.map({ elapsed - $0 >= interval }) ?? (elapsed >= interval) {
                lastCountedFailure = elapsed
                report = .failed(reason: reason)
            } else {
                report = .nothing
            }
        }
        if healthy { return (report, untilTick) }
        if case .refused = result {
            // Nothing listens yet, and asking costs two system calls: ask often.
            refusals += 1
            return (report, min(interval, Self.pauseAfterRefusal(refusals)))
        }
        refusals = 0
        probes += 1
        let startup = probes < 4 ? Self.startupInterval / (1 << (4 - probes)) : Self.startupInterval
        return (report, min(interval, startup))
    }

    /// The pause before probing again a starting replica whose port refused the `n`th time in a row.
    static func pauseAfterRefusal(_ n: Int) -> Duration {
        n <= 20 ? .milliseconds(1) : n <= 60 ? .milliseconds(2) : .milliseconds(5)
    }

    /// Where the probe grid starts: the daemon's start.
    static let gridOrigin = ContinuousClock.now

    /// The time until the next multiple of `interval` on the probe grid: more than zero, at most
    /// `interval` (a replica is never probed less often than its manifest says).
    static func untilNextTick(of interval: Duration) -> Duration {
        guard interval > .zero else { return interval }
        let since = gridOrigin.duration(to: .now)
        return interval - (since - interval * Int(since / interval))
    }
}
