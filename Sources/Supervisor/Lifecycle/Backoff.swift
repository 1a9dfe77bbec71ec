/// Exponential delays between restarts of a replica: 100 ms, 200 ms, 400 ms, … capped at 30 s.
///
/// Pure arithmetic over `Duration`s: it reads no clock. The replica lifecycle resets it once a
/// process has run for ``Configuration/resetAfter``, so a replica that crashes rarely restarts fast.
public struct Backoff: Sendable, Hashable {
    /// The shape of the delays.
    public struct Configuration: Sendable, Hashable {
        /// The first delay.
        public var initial: Duration
        /// What each delay is multiplied by to give the next one.
        public var factor: Double
        /// The longest delay.
        public var maximum: Duration
        /// A run at least this long counts as stable and resets the delays to ``initial``.
        public var resetAfter: Duration

        /// Creates a configuration; the defaults are 100 ms, ×2, capped at 30 s, reset after 10 s.
        public init(
            initial: Duration = .milliseconds(100),
            factor: Double = 2,
            maximum: Duration = .seconds(30),
            resetAfter: Duration = .seconds(10)
        ) {
            self.initial = initial
            self.factor = factor
            self.maximum = maximum
            self.resetAfter = resetAfter
        }
    }

    /// The shape of the delays.
    public let configuration: Configuration
    /// How many delays were handed out since the last reset.
    public private(set) var attempt: Int = 0
    private var upcoming: Duration

    /// Creates a backoff whose first delay is `configuration.initial`.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.upcoming = min(configuration.initial, configuration.maximum)
    }

    /// Returns the delay to wait before the next restart, and grows the one after it.
    public mutating func nextDelay() -> Duration {
        let delay = upcoming
        attempt += 1
        upcoming = Self.multiply(delay, by: configuration.factor, capped: configuration.maximum)
        return delay
    }

    /// Starts over from the initial delay.
    public mutating func reset() {
        attempt = 0
        upcoming = min(configuration.initial, configuration.maximum)
    }

    /// Whether a process that ran this long ran stably, so the delays start over.
    public func isStableRun(_ ranFor: Duration) -> Bool {
        ranFor >= configuration.resetAfter
    }

    /// `delay × factor` in whole nanoseconds, never above `maximum`; a factor below 1 counts as 1.
    private static func multiply(_ delay: Duration, by factor: Double, capped maximum: Duration) -> Duration {
        let nanoseconds = Double(delay.components.seconds) * 1e9
            + Double(delay.components.attoseconds) / 1e9
        let grown = (nanoseconds * max(factor, 1)).rounded()
        let maximumNanoseconds = Double(maximum.components.seconds) * 1e9
            + Double(maximum.components.attoseconds) / 1e9
        if grown >= maximumNanoseconds {
            return maximum
        }
        return .nanoseconds(Int64(grown))
    }
}
