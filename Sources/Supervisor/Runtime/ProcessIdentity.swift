import Glibc

/// A process known by pid and start time, so a pid the kernel has since given to another
/// process is never signalled by mistake. This is how a new daemon cleans up what an old one
/// left: the state db keeps both numbers.
public enum ProcessIdentity {
    /// The start time of `pid` in clock ticks since boot (field 22 of `/proc/<pid>/stat`), or
    /// `nil` when there is no such process.
    public static func startTime(of pid: Int32) -> UInt64? {
        ProcStat(pid: pid)?.startTime
    }

    /// Whether `pid` still names the process that started at `startTime` and has not exited.
    /// A pid reused by another process, or a zombie, is not alive.
    public static func isAlive(pid: Int32, startTime: UInt64) -> Bool {
        guard let stat = ProcStat(pid: pid) else { return false }
        return stat.startTime == startTime && stat.isLive
    }

    /// The live members of the process group `pgid`, its leader included.
    public static func members(ofGroup pgid: Int32) -> [Int32] {
        ProcStat.all().filter { $0.processGroup == pgid && $0.isLive }.map(\.pid).sorted()
    }

    /// Sends `signal` to the process group led by `pid`, if `pid` is still the process that
    /// started at `startTime`. When the leader is gone but members of its group live on (their
    /// pgid cannot have been reused while they hold it), each member that started after it is
    /// signalled instead.
    /// - Returns: whether anything was signalled; `false` when the pid now names another
    ///   process, or nothing of the group is left.
    @discardableResult
    public static func killGroup(pid: Int32, startTime: UInt64, signal: Int32) -> Bool {
        if let leader = ProcStat(pid: pid) {
            guard leader.startTime == startTime else { return false }
            return kill(-pid, signal) == 0
        }
        var signalled = false
        let members = ProcStat.all().filter {
            $0.processGroup == pid && $0.isLive && $0.startTime >= startTime
        }
        for member in members {
            if kill(member.pid, signal) == 0 { signalled = true }
        }
        return signalled
    }
}
