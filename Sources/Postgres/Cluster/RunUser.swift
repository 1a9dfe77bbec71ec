import Glibc

/// The unprivileged account Postgres runs as when devenv runs as root: `postgres` where it
/// exists, else `nobody`. Postgres refuses to run as root.
struct RunUser: Sendable, Hashable {
    var name: String
    var uid: uid_t
    var gid: gid_t

    /// The run user for this process: nil unless it runs as root.
    static var current: RunUser? {
        guard geteuid() == 0 else { return nil }
        return named("postgres") ?? named("nobody")
    }

    static func named(_ name: String) -> RunUser? {
        guard let entry = getpwnam(name) else { return nil }
        return RunUser(name: name, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid)
    }

    /// `argv` run as this user: `setpriv` (util-linux) execs it directly with the user's ids and
    /// no supplementary groups, so the pid and signals are the program's own.
    func command(_ argv: [String]) -> [String] {
        if let setpriv = Self.locate("setpriv") {
            return [setpriv, "--reuid=\(uid)", "--regid=\(gid)", "--clear-groups", "--"] + argv
        }
        let runuser = Self.locate("runuser") ?? "/sbin/runuser"
        return [runuser, "-u", name, "--"] + argv
    }

    /// Gives `path` (not recursively) to this user.
    func own(_ path: String) throws(ClusterError) {
        guard chown(path, uid, gid) == 0 else {
            throw ClusterError(.fileSystem, FileError(path: path, operation: "chown").description)
        }
    }

    /// Whether this user can search (traverse) every directory from `/` down to `path`.
    /// Returns the first directory it cannot pass, or nil when all are passable.
    func firstBlockedDirectory(on path: String) -> String? {
        var current = ""
        for component in path.split(separator: "/") {
            current += "/" + component
            var info = stat()
            guard stat(current, &info) == 0 else { return nil }  // not created yet: we create it
            guard (info.st_mode & S_IFMT) == S_IFDIR else { continue }
            let bit: mode_t = info.st_uid == uid ? S_IXUSR : (info.st_gid == gid ? S_IXGRP : S_IXOTH)
            if info.st_mode & bit == 0 { return current }
        }
        return nil
    }

    private static func locate(_ program: String) -> String? {
        ["/usr/bin/", "/bin/", "/usr/sbin/", "/sbin/"].map { $0 + program }.first { access($0, X_OK) == 0 }
    }
}
