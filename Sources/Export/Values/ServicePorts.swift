import Manifest

/// The port a service listens on once it runs in a container of its own: a fixed port stays,
/// `port: auto` becomes one well-known port (each container has its own network), handed to it
/// as `$PORT` as devenv does.
enum ServicePorts {
    static let auto = 8080
    static let postgres = 5432

    static func port(of service: Service) -> Int? {
        service.port.map { $0.fixedValue ?? auto }
    }

    /// Signal names as the manifest writes them (`INT`) and as containers expect them (`SIGINT`).
    static func signalName(_ signal: String) -> String {
        signal.hasPrefix("SIG") ? signal : "SIG\(signal)"
    }

    /// Whole seconds, rounded up, at least `minimum`.
    static func seconds(_ duration: Duration, minimum: Int = 0) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(minimum, Int(seconds) + (attoseconds > 0 ? 1 : 0))
    }
}
