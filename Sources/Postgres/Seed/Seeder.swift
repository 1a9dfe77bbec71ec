/// Applies a database's seed files, each exactly once.
///
/// Each file runs in one transaction that also writes its ledger row
/// (`devenv_seed_ledger`: file, sha256, rows, applied_at), so a kill at any moment leaves the
/// file either wholly applied and recorded or not at all. Files run as the database owner, so
/// what they create belongs to it.
public struct Seeder: Sendable {
    /// The owner's URL for the database.
    public var url: String
    /// A superuser URL (any database): snapshots and resets need it.
    public var superuserURL: String
    public var database: String

    /// The ledger table, in the seeded database.
    public static let ledgerTable = "devenv_seed_ledger"

    public init(url: String, superuserURL: String, database: String) {
        self.url = url
        self.superuserURL = superuserURL
        self.database = database
    }

    /// Applies `files` in order, each exactly once.
    ///
    /// A file already in the ledger with the same SHA-256 is skipped (`applied: false`). A `.sql`
    /// file runs as one transaction (simple protocol, any number of statements); a `.csv` file is
    /// streamed with COPY into `table` (default: its base name), its first line taken as a
    /// header when it names the table's columns.
    ///
    /// - Throws: `SeedError` naming the file: `file:line:` for a bad row or statement (that file
    ///   rolled back, ledger unchanged, later files not run); `.changedSinceApplied` for a file
    ///   edited after it was applied, suggesting `devenv seed --reset`.
    public func apply(_ files: [SeedFile]) throws(SeedError) -> [SeedOutcome] {
        let connection = try connect()
        defer { connection.close() }
        do {
            // Under the seeding lock: concurrent CREATE TABLE IF NOT EXISTS can collide.
            try connection.execute(
                """
                BEGIN;
                SELECT pg_advisory_xact_lock(hashtext('devenv-seed'));
                CREATE TABLE IF NOT EXISTS \(Self.ledgerTable) (
                    file text PRIMARY KEY, sha256 text NOT NULL, rows bigint NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now());
                COMMIT
                """)
        } catch {
            throw SeedError(.connection, file: "", message: "cannot create the seed ledger in \(database): \(error)", underlying: error)
        }
        var outcomes: [SeedOutcome] = []
        for file in files {
            outcomes.append(try apply(file, on: connection))
        }
        return outcomes
    }

    private func apply(_ file: SeedFile, on connection: PGConnection) throws(SeedError) -> SeedOutcome {
        let clock = ContinuousClock(), start = clock.now
        guard let kind = file.kind else {
            throw SeedError(.unsupportedType, file: file.displayName, message: "a seed file must be .sql or .csv")
        }
        let sha256: String
        do {
            sha256 = try SeedFileHashes.sha256(ofFile: file.path)
        } catch {
            throw SeedError(.unreadable, file: file.displayName, message: error.description)
        }
        do {
            return try connection.transaction { connection in
                // One applier at a time per database; a second waits, then sees the ledger row.
                _ = try connection.query("SELECT pg_advisory_xact_lock(hashtext('devenv-seed'))")
                let recorded = try connection.query("SELECT sha256, rows FROM \(Self.ledgerTable) WHERE file = $1", [file.displayName])
                if let row = recorded.first {
                    guard row[0] == sha256 else { throw changed(file, recordedSHA: row[0] ?? "", sha256: sha256) }
                    return SeedOutcome(file: file.displayName, applied: false, rows: Int(row[1] ?? "") ?? 0, sha256: sha256, duration: clock.now - start)
                }
                let rows = try kind == .sql ? applySQL(file, on: connection) : applyCSV(file, on: connection)
                _ = try connection.query(
                    "INSERT INTO \(Self.ledgerTable) (file, sha256, rows, applied_at) VALUES ($1, $2, $3, now())",
                    [file.displayName, sha256, String(rows)])
                return SeedOutcome(file: file.displayName, applied: true, rows: rows, sha256: sha256, duration: clock.now - start)
            }
        } catch let error as SeedError {
            throw error
        } catch let error as PGError {
            throw SeedError(.failed, file: file.displayName, line: error.line, message: Self.describe(error), underlying: error)
        } catch {
            throw SeedError(.failed, file: file.displayName, message: "\(error)")
        }
    }

    /// Runs a `.sql` file's statements. Returns the rows its INSERT/UPDATE/DELETE/COPY/MERGE touched.
    private func applySQL(_ file: SeedFile, on connection: PGConnection) throws -> Int {
        let sql: String
        do {
            sql = try TextFile.read(file.path)
        } catch {
            throw SeedError(.unreadable, file: file.displayName, message: error.description)
        }
        let results: [LibPQConnection.Result]
        do {
            results = try connection.executeEach(sql)
        } catch {
            var located = error
            if let position = error.position { located.line = PGError.line(ofPosition: position, in: sql) }
            throw located
        }
        guard connection.isInTransaction else {
            throw SeedError(
                .failed, file: file.displayName,
                message: "the file ends the transaction itself (COMMIT or ROLLBACK), so it cannot be applied exactly once; "
                    + "remove those statements (devenv runs each seed file in one transaction), then run `devenv seed --reset`")
        }
        let counted = ["INSERT", "UPDATE", "DELETE", "COPY", "MERGE"]
        return results.filter { result in counted.contains { result.commandTag.hasPrefix($0) } }.reduce(0) { $0 + $1.affectedRows }
    }

    /// Streams a `.csv` file into its table with COPY. Returns the rows loaded.
    private func applyCSV(_ file: SeedFile, on connection: PGConnection) throws -> Int {
        let requested = file.targetTable
        let resolved = Result { () throws(PGError) in try connection.query("SELECT $1::regclass::text", [requested]) }
        if case .failure(let error) = resolved, error.sqlState == "42P01" || error.sqlState == "3F000" {
            throw SeedError(
                .failed, file: file.displayName,
                message: "the table \(requested) does not exist; create it in an earlier seed file, or name the table with `table:`",
                underlying: error)
        }
        let table = try resolved.get().first?[0] ?? requested
        let columns = try connection.query(
            "SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
            [table]
        ).compactMap { $0[0] }
        let header: [String]?
        do {
            header = try CSVHeader.columns(inFile: file.path, tableColumns: columns)
        } catch {
            throw SeedError(.unreadable, file: file.displayName, message: error.description)
        }
        return try connection.copy(into: table, columns: header, fromCSV: file.path, header: header != nil)
    }

    private func changed(_ file: SeedFile, recordedSHA: String, sha256: String) -> SeedError {
        SeedError(
            .changedSinceApplied, file: file.displayName,
            message: "changed after it was applied to \(database) (sha256 \(recordedSHA.prefix(12))… now \(sha256.prefix(12))…); "
                + "seeds apply once, so run `devenv seed --reset` to recreate the database and apply every seed again")
    }

    func connect() throws(SeedError) -> PGConnection {
        do {
            return try PGConnection(url: url)
        } catch {
            throw SeedError(.connection, file: "", message: "cannot connect to the database \(database): \(error.message)", underlying: error)
        }
    }

    /// A PGError as a seed message: the server's message, its detail and hint.
    static func describe(_ error: PGError) -> String {
        var text = error.message
        if let detail = error.detail { text += " (\(detail))" }
        if let hint = error.hint { text += "; \(hint)" }
        return text
    }
}
