/// A started process, identified by its pid and its start time so that a reused pid is never
/// mistaken for it. The pid is also its process group id: signals go to the whole group.
public struct ProcessHandle: Sendable, Hashable, CustomStringConvertible {
    /// The process id of the group leader (the exec shim); equal to the process group id.
    public var pid: Int32
    /// When the process started, in clock ticks since boot (field 22 of `/proc/<pid>/stat`).
    public var startTime: UInt64
    /// When this daemon spawned it, for uptime; a handle restored from the state db has the
    /// time it was restored.
    public var spawnedAt: ContinuousClock.Instant

    public init(pid: Int32, startTime: UInt64, spawnedAt: ContinuousClock.Instant = .now) {
        self.pid = pid
        self.startTime = startTime
        self.spawnedAt = spawnedAt
    }

    /// Two handles are equal when they name the same process: same pid, same start time.
    public static func == (lhs: ProcessHandle, rhs: ProcessHandle) -> Bool {
        lhs.pid == rhs.pid && lhs.startTime == rhs.startTime
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(pid)
        hasher.combine(startTime)
    }

    public var description: String { "pid \(pid)" }
}
