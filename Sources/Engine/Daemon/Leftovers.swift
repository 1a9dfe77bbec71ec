import Logging
import State
import Supervisor
import Vocabulary

#if canImport(Glibc)
import Glibc
#endif

/// What a killed daemon left behind: replicas the state db says run, whose processes (same pid
/// *and* start time, so a reused pid is never touched) may still be alive.
public enum Leftovers {
    /// Kills every recorded replica process group still alive, and marks the replicas stopped.
    /// - Throws: the state db's error, when it cannot be read or written.
    @discardableResult
    public static func clean(environment name: String, state: StateStore, logger: Logger? = nil) throws -> Int {
        let replicas = try state.replicas(environment: name)
        var killed = 0
        for replica in replicas {
            if let pid = replica.pid, let start = replica.startTime, ProcessIdentity.isAlive(pid: pid, startTime: UInt64(start)) {
                ProcessIdentity.killGroup(pid: pid, startTime: UInt64(start), signal: SIGKILL)
                killed += 1
                try state.appendEvent(environment: name, service: replica.service, kind: "orphan",
                                           message: "\(replica.service).\(replica.index) (pid \(pid)) outlived its daemon; killed")
                logger?.warning("killed leftover \(replica.service).\(replica.index) pid \(pid)")
            }
            let wasActive = [.starting, .running, .paused].contains(replica.state)
            if replica.pid != nil || wasActive {
                try state.updateReplica(environment: name, service: replica.service, index: replica.index) {
                    $0.pid = nil
                    $0.startTime = nil
                    if wasActive { $0.state = .stopped; $0.health = .unknown }
                }
            }
        }
        return killed
    }
}
