/// What to run: the service named on the command line, configured from the environment.
///
/// `demo-app <home|adder|display|reset>`, with `PORT` (required), `HOST` (default `127.0.0.1`),
/// `DATABASE_URL` (required by adder, display and reset), `DATABASE_POOL_SIZE` (default 3),
/// `ROUTER_URL` (home's links) and `LOG_LEVEL` (default `info`).
struct Invocation: Sendable {
    enum Role: String, CaseIterable, Sendable {
        case home, adder, display, reset
    }

    /// A command line or environment the app cannot run with; exits 2 with `message`.
    struct UsageError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static let usage = """
        usage: demo-app <\(Role.allCases.map(\.rawValue).joined(separator: "|"))>
          environment: PORT (required), HOST (default 127.0.0.1), DATABASE_URL (adder, display,
          reset), DATABASE_POOL_SIZE (default 3), ROUTER_URL (home), LOG_LEVEL (default info)
        """

    /// The service to run, with what it needs.
    enum Service: Sendable {
        case home(routerURL: String?)
        case adder(DatabasePool.Configuration)
        case display(DatabasePool.Configuration)
        case reset(DatabasePool.Configuration)
    }

    var role: Role
    var service: Service
    var server: HTTPServer.Configuration
    var logLevel: Log.Level

    /// - Parameters:
    ///   - arguments: the command line without the program's name.
    init(arguments: [String], environment: [String: String]) throws(UsageError) {
        guard arguments.count == 1, let name = arguments.first else {
            throw UsageError(message: arguments.isEmpty ? "which service? \(Self.usage)" : "one service at a time. \(Self.usage)")
        }
        guard let role = Role(rawValue: name) else {
            throw UsageError(message: "unknown service \"\(name)\". \(Self.usage)")
        }
        self.role = role

        guard let portText = environment["PORT"], !portText.isEmpty else {
            throw UsageError(message: "PORT is not set: give the port to listen on, e.g. PORT=8001 demo-app \(name)")
        }
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw UsageError(message: "PORT must be a number from 1 to 65535, not \"\(portText)\"")
        }
        server = HTTPServer.Configuration(host: environment["HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1", port: port)

        switch role {
        case .home: service = .home(routerURL: environment["ROUTER_URL"])
        case .adder: service = .adder(try Self.database(for: role, environment))
        case .display: service = .display(try Self.database(for: role, environment))
        case .reset: service = .reset(try Self.database(for: role, environment))
        }

        let levelName = environment["LOG_LEVEL"] ?? ""
        logLevel = levelName.isEmpty ? .info : (Log.Level(name: levelName) ?? .info)
    }

    private static func database(for role: Role, _ environment: [String: String]) throws(UsageError) -> DatabasePool.Configuration {
        guard let url = environment["DATABASE_URL"], !url.isEmpty else {
            throw UsageError(message: "DATABASE_URL is not set: \(role.rawValue) keeps its values in Postgres (postgresql://user:password@host:port/database)")
        }
        var database = DatabasePool.Configuration(url: DatabaseURL(url), applicationName: "demo-app \(role.rawValue)")
        if let sizeText = environment["DATABASE_POOL_SIZE"], !sizeText.isEmpty {
            guard let size = Int(sizeText), (1...32).contains(size) else {
                throw UsageError(message: "DATABASE_POOL_SIZE must be a number from 1 to 32, not \"\(sizeText)\"")
            }
            database.size = size
        }
        return database
    }
}
