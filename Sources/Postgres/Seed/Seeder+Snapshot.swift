extension Seeder {
    /// The snapshot of the seeded database: `<database>__devenv_seeded`.
    public var snapshotName: String { database + "__devenv_seeded" }

    /// Whether a seeded snapshot exists.
    public func hasSnapshot() throws -> Bool {
        let admin = try maintenanceConnection()
        defer { admin.close() }
        return try exists(snapshotName, on: admin)
    }

    /// Keeps the seeded state: `CREATE DATABASE <db>__devenv_seeded TEMPLATE <db>`, replacing an
    /// older snapshot. Other sessions on the database are ended first (copying needs it idle).
    /// The snapshot accepts no connections.
    public func snapshot() throws {
        guard snapshotName.utf8.count <= 63 else {
            throw SeedError(.snapshot, file: "", message: "the database name \(database) is too long for a snapshot (at most 48 bytes)")
        }
        let admin = try maintenanceConnection()
        defer { admin.close() }
        let snapshot = PGConnection.quoteIdentifier(snapshotName)
        do {
            try admin.execute("DROP DATABASE IF EXISTS \(snapshot)")
            var attempts = 0
            while true {
                attempts += 1
                _ = try admin.query(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [database])
                do {
                    // Postgres itself waits up to 5 s for terminated sessions to go.
                    try admin.execute("CREATE DATABASE \(snapshot) TEMPLATE \(PGConnection.quoteIdentifier(database))"
                                      + PostgresCluster.copyStrategy(on: admin))
                    break
                } catch where error.sqlState == "55006" && attempts < 3 {
                    continue  // a client reconnected in between: end it again
                }
            }
            try admin.execute("ALTER DATABASE \(snapshot) WITH ALLOW_CONNECTIONS false")
        } catch {
            throw SeedError(.snapshot, file: "", message: "cannot snapshot \(database) as \(snapshotName): \(error)", underlying: error)
        }
    }

    /// Recreates the database in its seeded state, then applies `files` not yet in it.
    ///
    /// With a snapshot: `DROP DATABASE … WITH (FORCE)` and a copy of the snapshot (much faster
    /// than seeding again). Without one, or when the snapshot no longer matches `files` (a file
    /// changed or was removed): an empty database, every file applied, then a new snapshot.
    ///
    /// - Parameter files: the database's seed files, in order; pass them so a reset also
    ///   applies seeds added since the snapshot.
    /// - Returns: the outcome of each file.
    @discardableResult
    public func reset(reapplying files: [SeedFile] = []) throws -> [SeedOutcome] {
        let admin = try maintenanceConnection()
        defer { admin.close() }
        let owner = try currentOwner(on: admin)
        if try exists(snapshotName, on: admin) {
            try recreate(on: admin, owner: owner, template: snapshotName)
            if try snapshotMatches(files) {
                return try apply(files)
            }
            try admin.execute("DROP DATABASE IF EXISTS \(PGConnection.quoteIdentifier(snapshotName))")
        }
        try recreate(on: admin, owner: owner, template: nil)
        let outcomes = try apply(files)
        if !files.isEmpty { try snapshot() }
        return outcomes
    }

    /// Whether the restored ledger is a prefix of `files`, each with the file's current SHA-256.
    private func snapshotMatches(_ files: [SeedFile]) throws -> Bool {
        let connection = try connect()
        defer { connection.close() }
        let ledger = try connection.query("SELECT file, sha256 FROM \(Self.ledgerTable)")
        let byName = Dictionary(files.map { ($0.displayName, $0) }, uniquingKeysWith: { first, _ in first })
        for row in ledger {
            guard let name = row[0], let file = byName[name] else { return false }
            guard (try? SeedFileHashes.sha256(ofFile: file.path)) == row[1] else { return false }
        }
        return true
    }

    private func recreate(on admin: PGConnection, owner: String, template: String?) throws {
        try admin.execute("DROP DATABASE IF EXISTS \(PGConnection.quoteIdentifier(database)) WITH (FORCE)")
        try PostgresCluster.createDatabase(database, owner: owner, template: template, on: admin)
    }

    /// The database's owner, or (when it is missing) the user of the seeding URL.
    private func currentOwner(on admin: PGConnection) throws -> String {
        if let owner = try admin.query("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = $1", [database]).first?[0] {
            return owner
        }
        guard let user = PGConnection.parameters(of: url)?["user"], !user.isEmpty else {
            throw SeedError(.snapshot, file: "", message: "cannot tell the owner of \(database): it does not exist and the URL names no user")
        }
        return user
    }

    private func exists(_ name: String, on admin: PGConnection) throws -> Bool {
        try !admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]).isEmpty
    }

    /// A superuser session on a database other than the seeded one (it gets dropped).
    private func maintenanceConnection() throws(SeedError) -> PGConnection {
        let maintenance = database == "postgres" ? "template1" : "postgres"
        do {
            return try PGConnection(url: superuserURL, overriding: ["dbname": maintenance])
        } catch {
            throw SeedError(.connection, file: "", message: "cannot connect as the superuser: \(error.message)", underlying: error)
        }
    }
}
