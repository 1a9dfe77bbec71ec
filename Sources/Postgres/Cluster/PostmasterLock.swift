import Glibc

/// A cluster's `postmaster.pid`: recognises one left by a killed server and clears it, only when no live Postgres uses the
/// data directory.
///
/// Postgres clears a lock whose pid is dead by itself, but refuses to start when the pid was
/// reused by another process (common in containers). Deleting a lock while backends of the old
/// server still run would defeat Postgres' own interlock, so a lock is only stale when neither
/// its pid nor any other process is a Postgres working in this data directory.
struct PostmasterLock {
    var dataDirectory: String

    var pidFile: String { dataDirectory + "/postmaster.pid" }

    /// The pid recorded in `postmaster.pid` (a standalone backend records it negated).
    var recordedPID: pid_t? {
        Self.firstLinePID(of: pidFile)
    }

    /// Removes stale lock files. Returns whether `postmaster.pid` was removed.
    func clearIfStale() throws(ClusterError) -> Bool {
        guard let pid = recordedPID else { return false }
        let directory = FileSystem.realPath(dataDirectory)
        if Self.isPostgres(pid, workingIn: directory) || Self.anyPostgres(workingIn: directory) { return false }
        guard unlink(pidFile) == 0 || errno == ENOENT else {
            throw ClusterError(.fileSystem, FileError(path: pidFile, operation: "remove the stale").description)
        }
        return true
    }

    /// Whether the data directory is in use by a live Postgres (per its `postmaster.pid`).
    var isRunning: Bool {
        guard let pid = recordedPID else { return false }
        return Self.isPostgres(pid, workingIn: FileSystem.realPath(dataDirectory))
    }

    /// Whether `pid` is a live Postgres process whose working directory is `directory`
    /// (every Postgres process changes into its data directory). When the working directory
    /// cannot be read, a live Postgres counts as working there: the safe answer.
    static func isPostgres(_ pid: pid_t, workingIn directory: String) -> Bool {
        guard isAlive(pid), isPostgres(pid) else { return false }
        guard let cwd = workingDirectory(of: pid) else { return true }
        return cwd == directory
    }

    /// Whether any process other than this one is a Postgres working in `directory`.
    static func anyPostgres(workingIn directory: String) -> Bool {
        guard let proc = opendir("/proc") else { return false }
        defer { closedir(proc) }
        while let entry = readdir(proc) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let pid = pid_t(name), pid != getpid() else { continue }
            if isPostgres(pid), workingDirectory(of: pid) == directory { return true }
        }
        return false
    }

    /// A zombie (exited, not yet reaped by whoever inherited it) is not alive: it holds no lock.
    static func isAlive(_ pid: pid_t) -> Bool {
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let stat = readSmallFile("/proc/\(pid)/stat"), let state = stat.split(separator: ")").last else { return true }
        return state.drop { $0 == " " }.first != "Z"
    }

    /// Whether the process' command name is `postgres` or `postmaster`.
    static func isPostgres(_ pid: pid_t) -> Bool {
        guard let comm = readSmallFile("/proc/\(pid)/comm")?.trimmingWhitespace() else { return false }
        return comm.hasPrefix("postgres") || comm.hasPrefix("postmaster")
    }

    static func workingDirectory(of pid: pid_t) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/\(pid)/cwd", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func firstLinePID(of path: String) -> pid_t? {
        guard let text = readSmallFile(path), let line = text.split(separator: "\n").first else { return nil }
        guard let pid = pid_t(line.trimmingWhitespaceSubstring()) else { return nil }
        return abs(pid)
    }

    private static func readSmallFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }
}

extension Substring {
    fileprivate func trimmingWhitespaceSubstring() -> String { String(self).trimmingWhitespace() }
}
