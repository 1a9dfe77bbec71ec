/// The bodies the CLI and the daemon exchange over the control socket (HTTP/JSON).
public enum ControlMessages {
    /// `POST /up`: converge to the manifest, read with the caller's environment variables.
    public struct Up: Codable, Sendable {
        public var variables: [String: String]
        public init(variables: [String: String]) { self.variables = variables }
    }

    /// `POST /restart`: the services (all when empty), replaced one replica at a time when `rolling`.
    public struct Restart: Codable, Sendable {
        public var services: [String]
        public var rolling: Bool
        public init(services: [String], rolling: Bool) {
            self.services = services
            self.rolling = rolling
        }
    }

    /// `POST /scale`: each service's new replica count.
    public struct Scale: Codable, Sendable {
        public var replicas: [String: Int]
        public init(replicas: [String: Int]) { self.replicas = replicas }
    }

    /// Any answer that is not a status: `ok`, or an `error` naming what failed; `notes` tell the
    /// user what was done differently from what they might expect (a service replaced in place).
    public struct Reply: Codable, Sendable {
        public var ok: Bool
        public var error: String?
        public var notes: [String]?
        public init(ok: Bool, error: String? = nil, notes: [String]? = nil) {
            self.ok = ok
            self.error = error
            self.notes = notes
        }
    }

    /// `POST /seed`: apply pending seeds, or restore the seeded state first when `reset`, as the
    /// manifest says now, read with the CLI's `variables`.
    public struct Seed: Codable, Sendable {
        public var reset: Bool
        public var variables: [String: String]
        public init(reset: Bool, variables: [String: String]) {
            self.reset = reset
            self.variables = variables
        }
    }

    /// `POST /url`: the owner's URL of one database (the first when nil).
    public struct DatabaseURL: Codable, Sendable {
        public var database: String?
        public init(database: String?) { self.database = database }
    }

    /// An answer carrying text lines (seed results, a URL).
    public struct Lines: Codable, Sendable {
        public var lines: [String]
        public init(lines: [String]) { self.lines = lines }
    }

    /// `POST /wait`: the status once it changed after `version` (or after `timeoutMilliseconds`).
    public struct Wait: Codable, Sendable {
        public var version: Int
        public var timeoutMilliseconds: Int
        public init(version: Int, timeoutMilliseconds: Int) {
            self.version = version
            self.timeoutMilliseconds = timeoutMilliseconds
        }
    }

    /// The answer to `/wait`.
    public struct Progress: Codable, Sendable {
        public var version: Int
        public var status: StatusSnapshot
        public init(version: Int, status: StatusSnapshot) {
            self.version = version
            self.status = status
        }
    }
}
