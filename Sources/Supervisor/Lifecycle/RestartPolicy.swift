/// When a replica's process is started again after it exits: the manifest's `restart` key.
public enum RestartPolicy: String, Sendable, Hashable, CaseIterable, Codable {
    /// Never restart; an unsuccessful exit leaves the replica crashed.
    case no
    /// Restart after a non-zero exit or a signal; an exit 0 is final.
    case onFailure = "on-failure"
    /// Restart after every exit (a job's exit 0 is still final).
    case always

    /// Whether an exit with this status is followed by a restart, for a replica of this kind.
    public func restarts(after status: ExitStatus, kind: ServiceKind) -> Bool {
        if status.isSuccess {
            return self == .always && kind == .service
        }
        return self != .no
    }
}
