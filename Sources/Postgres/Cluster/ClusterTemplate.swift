import Glibc

/// A freshly `initdb`-ed, cleanly shut down data directory kept per Postgres version under the
/// user's cache dir; every new environment's cluster starts as a copy of it.
///
/// Built once: under a lock, in a staging directory, renamed into place only when complete,
/// so a killed build leaves nothing that looks finished.
struct ClusterTemplate {
    var path: String
    var installation: PostgresInstallation
    var user: RunUser?

    var isReady: Bool { FileSystem.exists(path + "/PG_VERSION") }

    /// Builds the template unless it exists. Returns whether it was built.
    func ensure() throws(ClusterError) -> Bool {
        if isReady { return false }
        let parent = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        if !parent.isEmpty { try FileSystem.makeDirectory(parent, mode: 0o700) }
        let lock = try FileLock(path + ".lock")
        defer { lock.unlock() }
        if isReady { return false }  // another process built it while we waited

        let building = path + ".building"
        try FileSystem.removeTree(building)
        if let user {
            // The run user may not be able to reach the cache (e.g. under /root): initdb in a
            // private directory under /tmp that it owns, then move the result (as root) here.
            let staging = try makeStagingDirectory(for: user)
            defer { try? FileSystem.removeTree(staging) }
            try initdb(into: staging + "/data", passwordFileDirectory: staging)
            try FileSystem.moveTree(staging + "/data", to: building)
        } else {
            try initdb(into: building, passwordFileDirectory: parent.isEmpty ? "/" : parent)
        }
        FileSystem.syncFileSystem(of: building)
        try FileSystem.rename(building, over: path)
        return true
    }

    /// Copies the template to `destination` (absent), owned by the run user, mode 0700.
    func copy(to destination: String) throws(ClusterError) {
        try FileSystem.copyTree(path, to: destination)
        let expectedOwner = user?.uid ?? geteuid()
        if FileSystem.owner(of: destination) != expectedOwner {
            // Built under another account (e.g. before devenv ran as root): hand it over.
            try ExternalProgram(argv: ["/bin/chown", "-R", "\(expectedOwner):\(user?.gid ?? getegid())", destination])
                .runChecked(.fileSystem, "chown of \(destination)")
        }
        guard chmod(destination, 0o700) == 0 else {
            throw ClusterError(.fileSystem, FileError(path: destination, operation: "chmod").description)
        }
    }

    /// Runs initdb (as the run user): scram-sha-256 for TCP and the socket, superuser
    /// `postgres`, UTF8 with the C locale. Its password is a throwaway: every copy gets its own.
    private func initdb(into target: String, passwordFileDirectory: String) throws(ClusterError) {
        let passwordFile = passwordFileDirectory + "/initdb.pwfile.\(getpid())"
        try SecretFile(path: passwordFile).write(SecretFile.generatePassword(), owner: user)
        defer { unlink(passwordFile) }
        let argv = [
            installation.initdbPath, "-D", target, "-U", "postgres",
            "--auth-host=scram-sha-256", "--auth-local=scram-sha-256", "--pwfile=\(passwordFile)",
            "--encoding=UTF8", "--locale=C", "--no-sync",
        ]
        try ExternalProgram(argv: user?.command(argv) ?? argv)
            .runChecked(.commandFailed, "initdb of the Postgres \(installation.version) template in \(target)")
    }

    private func makeStagingDirectory(for user: RunUser) throws(ClusterError) -> String {
        var template = Array("/tmp/devenv-initdb-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard created != nil else {
            throw ClusterError(.fileSystem, FileError(path: "/tmp", operation: "create a staging directory in").description)
        }
        let staging = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        try user.own(staging)
        return staging
    }
}
