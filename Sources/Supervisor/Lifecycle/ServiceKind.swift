/// Whether a service runs until stopped or runs to completion: the manifest's `kind` key.
public enum ServiceKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// A long-running process; it is expected to keep running.
    case service
    /// A process that runs to completion; exit 0 is its success and is final.
    case job
}
