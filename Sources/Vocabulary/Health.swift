/// A replica's health as its probe last judged it.
public enum Health: String, Sendable, Hashable, CaseIterable, Codable {
    /// The probe succeeded and has not since failed `retries` times in a row.
    case healthy
    /// The probe failed `retries` times in a row.
    case unhealthy
    /// Not judged yet: no probe result counts so far, or the replica has no health check.
    case unknown
}
