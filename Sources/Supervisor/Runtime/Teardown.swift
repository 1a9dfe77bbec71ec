#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How a process group is stopped: `signal` to the group, up to `grace` for it to exit, then
/// SIGKILL to the group.
public struct Teardown: Sendable, Hashable {
    /// The first signal sent to the group (a service's `stop_signal`).
    public var signal: Int32
    /// How long the group has to exit after `signal` before it is killed (`stop_timeout`).
    public var grace: Duration

    public init(signal: Int32 = SIGTERM, grace: Duration = .seconds(10)) {
        self.signal = signal
        self.grace = grace
    }

    /// SIGKILL at once.
    public static let kill = Teardown(signal: SIGKILL, grace: .zero)
}
