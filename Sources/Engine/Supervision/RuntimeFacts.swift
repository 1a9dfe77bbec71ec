import Manifest
import Postgres

/// What an environment knows only once it runs: ports, hosts, passwords. Resolves `${…}` references.
public struct RuntimeFacts: Sendable, Hashable {
    public var routerHost = "127.0.0.1"
    public var routerPort: Int?
    public var postgresHost = "127.0.0.1"
    public var postgresPort: Int?
    public var databases: [String: DatabaseCredentials] = [:]
    /// Each service's replica ports, by index.
    public var servicePorts: [String: [Int]] = [:]
    /// Services reachable through the router, and their route path.
    public var routedPaths: [String: String] = [:]

    public init() {}

    public func resolve(_ reference: Reference) -> String? {
        switch reference {
        case .postgresHost: return postgresPort == nil ? nil : postgresHost
        case .postgresPort: return postgresPort.map(String.init)
        case .database(let name, let field):
            guard let port = postgresPort, let credentials = databases[name] else { return nil }
            switch field {
            case .name: return name
            case .user: return credentials.user
            case .password: return credentials.password
            case .url:
                let password = credentials.password.addingPercentEncodingForURL
                return "postgresql://\(credentials.user):\(password)@\(postgresHost):\(port)/\(name)"
            }
        case .routerURL: return routerPort.map { "http://\(routerHost):\($0)" }
        case .routerHost: return routerPort == nil ? nil : routerHost
        case .routerPort: return routerPort.map(String.init)
        case .service(let name, let field):
            let port = servicePorts[name]?.first
            switch field {
            case .host: return port == nil ? nil : "127.0.0.1"
            case .port: return port.map(String.init)
            case .url:
                if let path = routedPaths[name], let router = routerPort {
                    return "http://\(routerHost):\(router)\(path == "/" ? "" : path)"
                }
                return port.map { "http://127.0.0.1:\($0)" }
            }
        }
    }

    /// Resolves a template, naming the first reference that is not known yet.
    public func resolve(_ template: Template) -> Result<String, UnresolvedReference> {
        var missing: Reference?
        let text = template.resolved { reference in
            let value = resolve(reference)
            if value == nil, missing == nil { missing = reference }
            return value
        }
        if let text { return .success(text) }
        return .failure(UnresolvedReference(reference: missing!))
    }
}

/// A `${…}` reference with no value yet, e.g. `${postgres.port}` before Postgres runs.
public struct UnresolvedReference: Error, Sendable, CustomStringConvertible {
    public var reference: Reference
    public var description: String { "${\(reference)} has no value yet" }
}

extension String {
    /// Percent-encodes everything but unreserved characters, for a password inside a URL.
    var addingPercentEncodingForURL: String {
        var result = ""
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.append(Character(Unicode.Scalar(byte)))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }
}
