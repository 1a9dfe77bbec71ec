import Glibc

/// Where an environment's cluster really lives.
///
/// Its place is `.devenv/<env>/postgres` in the project. When devenv runs as root, the server runs
/// as an unprivileged user, which cannot pass a private (0700) directory above the project — a
/// clone under `/root` or in a `mktemp -d`. Such a cluster lives in `store` instead
/// (`/var/lib/devenv/clusters/<project>-<env>-<digest>`, the store 0711), and
/// `.devenv/<env>/postgres` is a link to it. No directory of the user's changes mode.
public struct ClusterPlacement: Sendable {
    /// `.devenv/<env>/postgres` in the project: the cluster, or a link to it.
    public var path: String
    /// Where clusters the run user could not reach in their project live.
    public var store: String

    public static let defaultStore = "/var/lib/devenv/clusters"

    public init(path: String, store: String = Self.defaultStore) {
        self.path = path
        self.store = store
    }

    /// The cluster directory to use, after moving a cluster of the old layout (a directory in the
    /// project that the run user cannot reach) to the store and linking it from `path`. Nothing
    /// of its data is lost: it is renamed, or copied then removed, never recreated.
    ///
    /// - Throws: `ClusterError` when a server still runs in the old place, or the store already
    ///   holds another cluster for `path` (neither is touched then).
    public func resolve() throws(ClusterError) -> String {
        guard let user = RunUser.current else { return path }
        if let target = linkTarget() { return target }
        if user.firstBlockedDirectory(on: path) == nil { return path }

        let external = store + "/" + name
        try FileSystem.makeDirectory(store, mode: 0o711)
        if FileSystem.exists(path) {
            guard !FileSystem.exists(external) else {
                throw ClusterError(
                    .unusableDataDirectory,
                    "both \(path) and \(external) hold a cluster for this environment; keep one (move the other away) and run again")
            }
            guard !PostmasterLock(dataDirectory: path + "/data").isRunning else {
                throw ClusterError(
                    .unusableDataDirectory,
                    "a Postgres server still runs in \(path); stop it (devenv down) and run again")
            }
            try FileSystem.moveTree(path, to: external)
        } else if let slash = path.lastIndex(of: "/"), !FileSystem.exists(String(path[..<slash])) {
            try FileSystem.makeDirectory(String(path[..<slash]), mode: 0o755)
        }
        guard symlink(external, path) == 0 else {
            throw ClusterError(.fileSystem, FileError(path: path, operation: "link \(external) from").description)
        }
        return external
    }

    /// Removes the cluster `path` links to in the store, if it does (`down --purge`). A link
    /// that points anywhere but into the store is left alone: devenv deletes only what it made.
    public func purgeLinkedCluster() throws(ClusterError) {
        guard let target = linkTarget(), target.hasPrefix(store + "/") else { return }
        try FileSystem.removeTree(target)
    }

    /// The directory `path` links to, when it is a link.
    private func linkTarget() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `<project>-<env>-<digest of path>`: readable, and unique per project and environment.
    private var name: String {
        let components = path.split(separator: "/")
        let environment = components.dropLast().last.map(String.init) ?? "env"
        let project = components.dropLast(3).last.map(String.init) ?? "project"
        let safe = { (text: String) in String(text.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }.prefix(40)) }
        var digest = SHA256()
        digest.update(Array(path.utf8))
        return "\(safe(project))-\(safe(environment))-\(SHA256.hex(of: digest.finalize()).prefix(12))"
    }
}
