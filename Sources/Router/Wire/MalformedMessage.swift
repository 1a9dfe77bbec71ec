/// Why bytes were not a valid HTTP/1.1 message: the request gets `400` and the connection
/// closes; a replica's response becomes a `502`. The reason goes to the access log.
struct MalformedMessage: Error, Equatable, CustomStringConvertible {
    let reason: String

    init(_ reason: String) { self.reason = reason }

    var description: String { reason }
}
