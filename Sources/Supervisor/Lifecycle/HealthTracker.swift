import Vocabulary

/// The health-probe state machine of one replica's current process.
///
/// The caller runs the probe every ``Configuration/interval`` (giving up after
/// ``Configuration/timeout``) and reports each result with the time since the process started;
/// the tracker answers what changed. It reads no clock. Start a new tracker for each new process.
///
/// - Failures before the first success and inside ``Configuration/startPeriod`` don't count.
/// - The first success makes the replica healthy.
/// - ``Configuration/retries`` failures in a row (counted once it has been healthy, or once the
///   start period is over) make it unhealthy, and mean liveness failed: the process should be
///   restarted.
public struct HealthTracker: Sendable, Hashable {
    /// The manifest's `health` timing.
    public struct Configuration: Sendable, Hashable {
        /// Time between the end of one probe and the start of the next.
        public var interval: Duration
        /// How long one probe may take before it counts as failed.
        public var timeout: Duration
        /// Failures in a row that make the replica unhealthy (at least 1).
        public var retries: Int
        /// Grace period after the process starts during which failures don't count.
        public var startPeriod: Duration

        /// Creates a configuration; the defaults are 1 s interval, 1 s timeout, 3 retries, no start period.
        public init(
            interval: Duration = .seconds(1),
            timeout: Duration = .seconds(1),
            retries: Int = 3,
            startPeriod: Duration = .zero
        ) {
            self.interval = interval
            self.timeout = timeout
            self.retries = retries
            self.startPeriod = startPeriod
        }
    }

    /// What the caller should do after a probe result.
    public enum Action: Sendable, Hashable {
        /// Nothing changed.
        case none
        /// The health changed to this value; record it.
        case healthChanged(Health)
        /// The health became ``Health/unhealthy`` after `retries` failures in a row: restart the process.
        case livenessFailed
    }

    /// The probe timing.
    public let configuration: Configuration
    /// The current judgement.
    public private(set) var health: Health = .unknown
    /// Failures in a row that counted (outside the start period, or after having been healthy).
    public private(set) var consecutiveFailures: Int = 0
    /// Why the last probe failed, counted or not.
    public private(set) var lastFailureReason: String?
    /// Whether any probe of this process has succeeded.
    public private(set) var hasBeenHealthy: Bool = false

    /// Creates a tracker for a process that has just started; its health is ``Health/unknown``.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Records a successful probe.
    /// - Parameter time: When the probe finished, as time since the process started.
    /// - Returns: ``Action/healthChanged(_:)`` when it was not healthy before.
    public mutating func probeSucceeded(at time: Duration) -> Action {
        consecutiveFailures = 0
        hasBeenHealthy = true
        guard health != .healthy else { return .none }
        health = .healthy
        return .healthChanged(.healthy)
    }

    /// Records a failed or timed-out probe.
    /// - Parameters:
    ///   - time: When the probe finished, as time since the process started.
    ///   - reason: What went wrong, e.g. `"HTTP 503"` or `"timed out after 1s"`.
    /// - Returns: ``Action/livenessFailed`` on the failure that reaches `retries` in a row.
    public mutating func probeFailed(at time: Duration, reason: String) -> Action {
        lastFailureReason = reason
        guard hasBeenHealthy || time >= configuration.startPeriod else { return .none }
        consecutiveFailures += 1
        guard consecutiveFailures >= max(configuration.retries, 1), health != .unhealthy else {
            return .none
        }
        health = .unhealthy
        return .livenessFailed
    }
}
