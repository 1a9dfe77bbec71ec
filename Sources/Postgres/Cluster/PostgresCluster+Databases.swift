extension PostgresCluster {
    /// Creates each missing owner role (LOGIN, a generated scram password kept in
    /// `roles/<role>.password`, 0600, and reused on later runs) and each missing database,
    /// owned by it, with no access for other roles. Safe to call on every start.
    ///
    /// - Returns: each database's owner credentials, keyed by database name.
    /// - Throws: `ClusterError` (`.database`) naming the role or database.
    public func ensureDatabases(port: Int, _ databases: [DatabaseSpec]) throws -> [String: DatabaseCredentials] {
        let connection: PGConnection
        do {
            connection = try PGConnection(url: superuserURL(port: port))
        } catch {
            throw ClusterError(.database, "cannot connect to Postgres on port \(port) as \(superuser)", underlying: error)
        }
        defer { connection.close() }
        var credentials: [String: DatabaseCredentials] = [:]
        for spec in databases {
            let password = try ensureRole(spec.owner, on: connection)
            try ensureDatabase(spec, on: connection)
            credentials[spec.name] = DatabaseCredentials(user: spec.owner, password: password)
        }
        return credentials
    }

    /// The password file of a role: `roles/<role>.password` (the name hex-encoded if unusual).
    public func rolePasswordFile(_ role: String) -> String {
        let plain = role.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        return directory + "/roles/" + (plain ? role : "x" + Array(role.utf8).hexString) + ".password"
    }

    private func ensureRole(_ role: String, on connection: PGConnection) throws(ClusterError) -> String {
        if role == superuser {
            guard let password = try SecretFile(path: passwordFile).read() else {
                throw ClusterError(.database, "the superuser password file \(passwordFile) is missing")
            }
            return password
        }
        let password = try SecretFile(path: rolePasswordFile(role)).readOrCreate()
        do {
            // The verifier is computed client-side: the password never reaches the server or its logs.
            let verifier = try connection.scramVerifier(password: password, user: role)
            let name = PGConnection.quoteIdentifier(role)
            let exists = try !connection.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]).isEmpty
            if exists {
                try connection.execute("ALTER ROLE \(name) WITH LOGIN PASSWORD \(PGConnection.quoteLiteral(verifier))")
            } else {
                try connection.execute("CREATE ROLE \(name) WITH LOGIN PASSWORD \(PGConnection.quoteLiteral(verifier))")
            }
        } catch {
            throw ClusterError(.database, "cannot create or update the role \(role)", underlying: error)
        }
        return password
    }

    private func ensureDatabase(_ spec: DatabaseSpec, on connection: PGConnection) throws(ClusterError) {
        do {
            let owners = try connection.query("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = $1", [spec.name])
            if let owner = owners.first?[0] {
                if owner != spec.owner {
                    try connection.execute(
                        "ALTER DATABASE \(PGConnection.quoteIdentifier(spec.name)) OWNER TO \(PGConnection.quoteIdentifier(spec.owner))")
                }
                return
            }
            try Self.createDatabase(spec.name, owner: spec.owner, template: nil, on: connection)
        } catch {
            throw ClusterError(.database, "cannot create the database \(spec.name) owned by \(spec.owner)", underlying: error)
        }
    }

    /// `CREATE DATABASE` owned by `owner` (from `template`, or empty), then no access for PUBLIC:
    /// only its owner (and superusers) connect.
    static func createDatabase(_ name: String, owner: String, template: String?, on connection: PGConnection) throws(PGError) {
        let quoted = PGConnection.quoteIdentifier(name)
        var sql = "CREATE DATABASE \(quoted) OWNER \(PGConnection.quoteIdentifier(owner))"
        if let template { sql += " TEMPLATE \(PGConnection.quoteIdentifier(template))" + copyStrategy(on: connection) }
        do {
            try connection.execute(sql)
        } catch where error.sqlState == "42P04" {
            // Created concurrently: fine.
        }
        try connection.execute("REVOKE ALL ON DATABASE \(quoted) FROM PUBLIC")
    }

    /// ` STRATEGY FILE_COPY` on Postgres 15 and later: copying a seeded database file by file is
    /// several times faster than its default of writing every block through the WAL.
    static func copyStrategy(on connection: PGConnection) -> String {
        let version = (try? connection.query("SHOW server_version_num"))?.first?.first.flatMap { $0.flatMap { Int($0) } } ?? 0
        return version >= 150000 ? " STRATEGY FILE_COPY" : ""
    }
}
