import Glibc

extension PostgresCluster {
    /// Makes the cluster ready for `serverCommand` to start.
    ///
    /// The first use of a Postgres version builds its template in `templateCache` (initdb, as the
    /// run user when root). A new environment gets a copy of the template (a fresh cluster in well
    /// under a second) with its own generated superuser password, written to `passwordFile`
    /// (0600) and never to a log. An existing data directory is kept; a stale `postmaster.pid`
    /// left by a killed server is cleared when no live Postgres uses the directory.
    ///
    /// - Parameter templateCache: e.g. `~/.cache/devenv/postgres-15-template`.
    /// - Throws: `ClusterError`.
    @discardableResult
    public func prepare(templateCache: String) throws -> ClusterPreparation {
        let user = RunUser.current
        let clock = ContinuousClock()
        var report = ClusterPreparation()

        // Checked before anything is created: bad input changes nothing.
        if let user, let blocked = user.firstBlockedDirectory(on: directory) {
            throw ClusterError(
                .unreachableDirectory,
                "Postgres runs as the user \(user.name), which cannot reach \(dataDirectory): \(blocked) is not searchable by it. "
                    + "Allow passing through (chmod o+x \(blocked)) or keep the project under a directory it can reach")
        }
        // Root-owned; the run user may only pass through it to data/ and run/.
        try FileSystem.makeDirectory(directory, mode: user == nil ? 0o700 : 0o711)
        try FileSystem.makeDirectory(directory + "/roles", mode: 0o700)

        if !FileSystem.exists(dataDirectory) {
            let template = ClusterTemplate(path: templateCache, installation: installation, user: user)
            let templateStart = clock.now
            report.createdTemplate = try template.ensure()
            if report.createdTemplate { report.templateDuration = clock.now - templateStart }

            let copyStart = clock.now
            let staging = dataDirectory + ".new"
            try FileSystem.removeTree(staging)  // left by a killed copy
            try template.copy(to: staging)
            let password = SecretFile.generatePassword()
            try SecretFile(path: passwordFile).write(password)
            try setSuperuserPassword(password, dataDirectory: staging, user: user)
            FileSystem.syncFileSystem(of: staging)
            try FileSystem.rename(staging, over: dataDirectory)
            report.createdDataDirectory = true
            report.copyDuration = clock.now - copyStart
        } else if !FileSystem.exists(dataDirectory + "/PG_VERSION") {
            throw ClusterError(
                .unusableDataDirectory,
                "\(dataDirectory) exists but is not a Postgres data directory; move it away (devenv never deletes it)")
        }

        let lock = PostmasterLock(dataDirectory: dataDirectory)
        report.clearedStaleLock = try lock.clearIfStale()

        if try SecretFile(path: passwordFile).read() == nil {
            guard !lock.isRunning else {
                throw ClusterError(
                    .unusableDataDirectory,
                    "the superuser password file \(passwordFile) is missing while the server runs; stop it and run again to set a new one")
            }
            let password = SecretFile.generatePassword()
            try SecretFile(path: passwordFile).write(password)
            try setSuperuserPassword(password, dataDirectory: dataDirectory, user: user)
            report.resetSuperuserPassword = true
        }
        return report
    }

    /// Sets the superuser's password with a single-user-mode backend (no server, no network),
    /// the password passing only through a pipe; it is hashed with scram-sha-256.
    private func setSuperuserPassword(_ password: String, dataDirectory: String, user: RunUser?) throws(ClusterError) {
        let argv = [
            installation.postgresPath, "--single", "-D", dataDirectory, "-F",
            "-c", "exit_on_error=on", "-c", "password_encryption=scram-sha-256", "-c", "log_min_messages=fatal",
            "-c", "log_min_error_statement=panic", "-c", "shared_buffers=1MB", superuser,
        ]
        var program = ExternalProgram(argv: user?.command(argv) ?? argv)
        program.input = "ALTER ROLE \(PGConnection.quoteIdentifier(superuser)) PASSWORD \(PGConnection.quoteLiteral(password));\n"
        let outcome = try program.run()
        guard outcome.succeeded else {
            let output = outcome.output.split(separator: "\n").filter { !$0.contains(password) }.joined(separator: "\n")
            throw ClusterError(.commandFailed, "setting the superuser password in \(dataDirectory) failed (exit \(outcome.status))", output: output)
        }
    }
}
