/// A `${postgres.…}`, `${router.…}` or `${services.…}` reference, resolved when the environment runs.
public enum Reference: Hashable, Sendable, CustomStringConvertible {
    public enum DatabaseField: String, Sendable, CaseIterable {
        case url, user, password, name
    }

    public enum ServiceField: String, Sendable, CaseIterable {
        case url, host, port
    }

    case postgresHost
    case postgresPort
    case database(String, DatabaseField)
    case routerURL
    case routerHost
    case routerPort
    case service(String, ServiceField)

    public var description: String {
        switch self {
        case .postgresHost: return "postgres.host"
        case .postgresPort: return "postgres.port"
        case .database(let name, let field): return "postgres.databases.\(name).\(field.rawValue)"
        case .routerURL: return "router.url"
        case .routerHost: return "router.host"
        case .routerPort: return "router.port"
        case .service(let name, let field): return "services.\(name).\(field.rawValue)"
        }
    }

    /// Parses a dotted path such as `postgres.databases.app.url`; the error says what is valid.
    static func parse(_ path: String) -> Result<Reference, ReferenceSyntaxError> {
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        switch parts.first {
        case "postgres":
            if parts.count == 2, parts[1] == "host" { return .success(.postgresHost) }
            if parts.count == 2, parts[1] == "port" { return .success(.postgresPort) }
            if parts.count == 4, parts[1] == "databases", !parts[2].isEmpty {
                if let field = DatabaseField(rawValue: parts[3]) { return .success(.database(parts[2], field)) }
                let fields = DatabaseField.allCases.map(\.rawValue)
                return .failure(.init("unknown field '\(parts[3])' in ${\(path)}: use one of \(fields.joined(separator: ", "))"
                    + Suggestion.hint(for: parts[3], in: fields)))
            }
            return .failure(.init("unknown reference ${\(path)}: use ${postgres.host}, ${postgres.port} or ${postgres.databases.<name>.url|user|password|name}"))
        case "router":
            if parts.count == 2 {
                switch parts[1] {
                case "url": return .success(.routerURL)
                case "host": return .success(.routerHost)
                case "port": return .success(.routerPort)
                default: break
                }
            }
            return .failure(.init("unknown reference ${\(path)}: use ${router.url}, ${router.host} or ${router.port}"))
        case "services":
            if parts.count == 3, !parts[1].isEmpty {
                if let field = ServiceField(rawValue: parts[2]) { return .success(.service(parts[1], field)) }
                let fields = ServiceField.allCases.map(\.rawValue)
                return .failure(.init("unknown field '\(parts[2])' in ${\(path)}: use one of \(fields.joined(separator: ", "))"
                    + Suggestion.hint(for: parts[2], in: fields)))
            }
            return .failure(.init("unknown reference ${\(path)}: use ${services.<name>.url|host|port}"))
        default:
            return .failure(.init("unknown reference ${\(path)}: references start with postgres., router. or services."
                + Suggestion.hint(for: parts.first ?? "", in: ["postgres", "router", "services"])))
        }
    }
}

struct ReferenceSyntaxError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
