/// What `PQpingParams` says about a server.
public enum PGPingResult: Sendable, Hashable {
    /// The server is running and accepting connections.
    case ok
    /// The server is running but not accepting connections (starting up, shutting down, recovering).
    case rejecting
    /// Nothing answered (not running, or wrong host/port).
    case noResponse
    /// No attempt was made: the connection parameters are invalid.
    case noAttempt
}
