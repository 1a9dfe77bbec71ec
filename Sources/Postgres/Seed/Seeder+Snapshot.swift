extension Seeder {
    /// The snapshot of the seeded database: `<database>__devenv_seeded`.
    public var snapshotName: String { database + "__devenv_seeded" }

    /// Whether a seeded snapshot exists.
    public func hasSnapshot() throws -> Bool {
        try databaseExists(snapshotName)
    }

    /// A ready copy of the snapshot, made in the background after a seed or a reset, that the
    /// next `reset` swaps in by renaming: `<database>__devenv_spare`.
    public var spareName: String { database + "__devenv_spare" }

    /// The prefix of the databases resets swapped out, dropped by `prepareSpare()`:
    /// `<database>__devenv_old<n>` (n from 0: the first name not in use).
    public var swappedOutPrefix: String { database + "__devenv_old" }

    /// Whether a spare copy of the snapshot is ready for the next `reset`.
    public func hasSpare() throws -> Bool {
        try databaseExists(spareName)
    }

    /// Keeps the seeded state: `CREATE DATABASE <db>__devenv_seeded TEMPLATE <db>`, replacing an
    /// older snapshot (and dropping its spare copy, now stale). Other sessions on the database
    /// are ended first (copying needs it idle). The snapshot accepts no connections.
    public func snapshot() throws {
        guard snapshotName.utf8.count <= 63 else {
            throw SeedError(.snapshot, file: "", message: "the database name \(database) is too long for a snapshot (at most 48 bytes)")
        }
        let admin = try maintenanceConnection()
        defer { admin.close() }
        let snapshot = PGConnection.quoteIdentifier(snapshotName)
        do {
            try lockSnapshots(on: admin)
            try admin.execute("DROP DATABASE IF EXISTS \(PGConnection.quoteIdentifier(spareName))")
            try admin.execute("DROP DATABASE IF EXISTS \(snapshot)")
            try whileSessionsReconnect(on: admin) { () throws(PGError) in
                // Postgres itself waits up to 5 s for terminated sessions to go.
                try admin.execute("CREATE DATABASE \(snapshot) TEMPLATE \(PGConnection.quoteIdentifier(database))"
                                  + PostgresCluster.copyStrategy(on: admin))
            }
            try admin.execute("ALTER DATABASE \(snapshot) WITH ALLOW_CONNECTIONS false")
        } catch {
            throw SeedError(.snapshot, file: "", message: "cannot snapshot \(database) as \(snapshotName): \(error)", underlying: error)
        }
    }

    /// Gets the next `reset` ready, off its path: copies the snapshot into the spare database
    /// (when there is a snapshot and no spare yet), then drops the databases resets swapped out.
    /// Meant to run in the background after `apply`, `snapshot` or `reset`. The copy runs one at
    /// a time with them per database (a session advisory lock); the drops after it do not hold
    /// up a reset (each swapped-out database has its own name).
    public func prepareSpare() throws {
        let admin = try maintenanceConnection()
        defer { admin.close() }
        do {
            try lockSnapshots(on: admin)
            if try exists(snapshotName, on: admin), try !exists(spareName, on: admin) {
                let spare = PGConnection.quoteIdentifier(spareName)
                try PostgresCluster.createDatabase(spareName, owner: try currentOwner(on: admin), template: snapshotName, on: admin)
                try admin.execute("ALTER DATABASE \(spare) WITH ALLOW_CONNECTIONS false")
            }
            let swappedOut = try swappedOutDatabases(on: admin)
            try unlockSnapshots(on: admin)
            for name in swappedOut {
                try admin.execute("DROP DATABASE IF EXISTS \(PGConnection.quoteIdentifier(name)) WITH (FORCE)")
            }
        } catch {
            throw SeedError(.snapshot, file: "", message: "cannot prepare \(spareName) from \(snapshotName): \(error)", underlying: error as? PGError)
        }
    }

    /// Recreates the database in its seeded state, then applies `files` not yet in it.
    ///
    /// With a snapshot: swaps in the spare copy `prepareSpare()` made (two renames in one
    /// transaction: the database becomes `<db>__devenv_old<n>`, the spare becomes the database),
    /// or without a spare `DROP DATABASE … WITH (FORCE)` and a copy of the snapshot — either way
    /// much faster than seeding again. Without a snapshot, or when it no longer matches `files`
    /// (a file changed or was removed): an empty database, every file applied, then a new
    /// snapshot. Sessions on the database are ended.
    ///
    /// - Parameter files: the database's seed files, in order; pass them so a reset also
    ///   applies seeds added since the snapshot.
    /// - Returns: the outcome of each file.
    @discardableResult
    public func reset(reapplying files: [SeedFile] = []) throws -> [SeedOutcome] {
        let admin = try maintenanceConnection()
        defer { admin.close() }
        try lockSnapshots(on: admin)
        let owner = try currentOwner(on: admin)
        if try exists(snapshotName, on: admin) {
            if try exists(spareName, on: admin) {
                try swapInSpare(on: admin, owner: owner)
            } else {
                try recreate(on: admin, owner: owner, template: snapshotName)
            }
            if try snapshotMatches(files) {
                return try apply(files)
            }
            try admin.execute("DROP DATABASE IF EXISTS \(PGConnection.quoteIdentifier(spareName))")
            try admin.execute("DROP DATABASE IF EXISTS \(PGConnection.quoteIdentifier(snapshotName))")
        }
        try recreate(on: admin, owner: owner, template: nil)
        let outcomes = try apply(files)
        if !files.isEmpty {
            try unlockSnapshots(on: admin)  // snapshot() takes it on its own session
            try snapshot()
        }
        return outcomes
    }

    /// The spare becomes the database in one transaction: the database is renamed out of the
    /// way (to a free `<db>__devenv_old<n>`, dropped later by `prepareSpare()`), the spare
    /// renamed into its place, its owner set and connections allowed. Renaming needs the
    /// database idle: its sessions are ended first.
    private func swapInSpare(on admin: PGConnection, owner: String) throws(PGError) {
        let database = PGConnection.quoteIdentifier(self.database)
        let taken = Set(try swappedOutDatabases(on: admin))
        let trash = PGConnection.quoteIdentifier((0...).lazy.map { swappedOutPrefix + String($0) }.first { !taken.contains($0) }!)
        let present = try exists(self.database, on: admin)
        try whileSessionsReconnect(on: admin) { () throws(PGError) in
            do throws(PGError) {
                try admin.execute(
                    "BEGIN; "
                    + (present ? "ALTER DATABASE \(database) RENAME TO \(trash); " : "")
                    + "ALTER DATABASE \(PGConnection.quoteIdentifier(spareName)) RENAME TO \(database); "
                    + "ALTER DATABASE \(database) OWNER TO \(PGConnection.quoteIdentifier(owner)); "
                    + "ALTER DATABASE \(database) WITH ALLOW_CONNECTIONS true; "
                    + "COMMIT")
            } catch {
                _ = try? admin.execute("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs `body` after ending the other sessions on the database, again when it fails because
    /// a client reconnected in between (SQLSTATE 55006), at most three times.
    private func whileSessionsReconnect(on admin: PGConnection, _ body: () throws(PGError) -> Void) throws(PGError) {
        var attempts = 0
        while true {
            attempts += 1
            _ = try admin.query(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [database])
            do {
                try body()
                return
            } catch where error.sqlState == "55006" && attempts < 3 {
                continue
            }
        }
    }

    /// Serialises snapshot, spare and reset work on this database across sessions (and
    /// processes): a session advisory lock, released by `unlockSnapshots` or when `admin` closes.
    private func lockSnapshots(on admin: PGConnection) throws(PGError) {
        _ = try admin.query("SELECT pg_advisory_lock(hashtext('devenv-snapshot'), hashtext($1))", [database])
    }

    private func unlockSnapshots(on admin: PGConnection) throws(PGError) {
        _ = try admin.query("SELECT pg_advisory_unlock(hashtext('devenv-snapshot'), hashtext($1))", [database])
    }

    /// The databases resets swapped out and not yet dropped.
    private func swappedOutDatabases(on admin: PGConnection) throws(PGError) -> [String] {
        try admin.query("SELECT datname FROM pg_database WHERE starts_with(datname, $1) AND substr(datname, length($1) + 1) ~ '^[0-9]+$'",
                        [swappedOutPrefix]).compactMap { $0[0] }
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

    /// Whether database `name` exists, asked on a maintenance session of its own.
    private func databaseExists(_ name: String) throws -> Bool {
        let admin = try maintenanceConnection()
        defer { admin.close() }
        return try exists(name, on: admin)
    }

    private func exists(_ name: String, on admin: PGConnection) throws(PGError) -> Bool {
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
