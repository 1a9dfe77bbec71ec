/// One way of asking a replica whether it is healthy: an HTTP GET (``HTTPProbe``), a TCP
/// connect (``TCPProbe``) or a shell command (``CommandProbe``); ``FakeProbe`` scripts the
/// answers for tests.
///
/// A probe is a single check; running it every `interval` and judging the results is the
/// caller's job (see ``HealthTracker``).
public protocol HealthProbe: Sendable {
    /// Runs the check once.
    ///
    /// Never takes (much) longer than `timeout`: a check that has not passed by then is
    /// ``ProbeResult/unhealthy(reason:)`` with a reason that says it timed out. Failing is a
    /// result, not an error, so this does not throw. When the calling task is cancelled, the
    /// check is abandoned (its connection closed, its process killed) and reported unhealthy.
    func check(timeout: Duration) async -> ProbeResult
}
