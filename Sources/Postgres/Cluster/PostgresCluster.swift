import Glibc

/// One environment's local Postgres cluster: its directories, superuser password and the
/// command that runs its server. The engine spawns the server; this type prepares for it.
///
/// Layout under `directory` (`<root>/.devenv/<env>/postgres`):
/// `data/` (the data directory, owned by the run user, 0700), `superuser.password` (0600) and
/// `roles/<role>.password` (0600). The server listens on loopback TCP only: no Unix socket, whose
/// path (limited to 107 bytes) would break a deep project and which no client of devenv uses.
public struct PostgresCluster: Sendable {
    /// `<root>/.devenv/<env>/postgres`.
    public var directory: String
    public var installation: PostgresInstallation

    public init(directory: String, installation: PostgresInstallation) {
        self.directory = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        self.installation = installation
    }

    /// The data directory: `<directory>/data`.
    public var dataDirectory: String { directory + "/data" }
    /// The superuser's password, mode 0600: `<directory>/superuser.password`.
    public var passwordFile: String { directory + "/superuser.password" }
    /// The superuser role.
    public var superuser: String { "postgres" }

    /// The account the server runs as: `postgres` (or `nobody`) when running as root, else nil.
    public var runUser: String? { RunUser.current?.name }

    /// The server's argv, environment and user, for the engine's supervisor to spawn.
    ///
    /// Listens on 127.0.0.1 only; `settings` become `-c key=value`
    /// (sorted, so the command is stable). No secret appears in it.
    public func serverCommand(port: Int, settings: [String: String]) -> (argv: [String], environment: [String: String], user: String?) {
        var argv = [
            installation.postgresPath, "-D", dataDirectory, "-p", String(port),
            "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
        ]
        for (key, value) in settings.sorted(by: { $0.key < $1.key }) {
            argv += ["-c", "\(key)=\(value)"]
        }
        return (argv, ["LC_ALL": "C", "PATH": "/usr/local/bin:/usr/bin:/bin"], runUser)
    }

    /// The superuser's URL: `postgresql://postgres:<password>@127.0.0.1:<port>/<database>`.
    /// Carries the password: never log it.
    public func superuserURL(port: Int, database: String = "postgres") -> String {
        let password = (try? SecretFile(path: passwordFile).read()) ?? nil
        return Self.url(user: superuser, password: password ?? "", port: port, database: database)
    }

    /// A `postgresql://` URL for `user` on 127.0.0.1, with its parts percent-encoded.
    public static func url(user: String, password: String, host: String = "127.0.0.1", port: Int, database: String) -> String {
        "postgresql://\(percentEncoded(user)):\(percentEncoded(password))@\(host):\(port)/\(percentEncoded(database))"
    }

    private static func percentEncoded(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            let isUnreserved = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
            if isUnreserved {
                encoded.append(Character(UnicodeScalar(byte)))
            } else {
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
