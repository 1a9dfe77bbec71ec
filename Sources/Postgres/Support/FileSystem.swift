import Glibc

/// The few file-system operations the cluster needs, each throwing a `ClusterError` that names the path.
enum FileSystem {
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// Creates `path` and its missing parents; sets `mode` on `path` itself.
    static func makeDirectory(_ path: String, mode: mode_t) throws(ClusterError) {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw ClusterError(.fileSystem, FileError(path: current, operation: "create directory").description)
            }
        }
        guard chmod(path, mode) == 0 else {
            throw ClusterError(.fileSystem, FileError(path: path, operation: "chmod").description)
        }
    }

    /// Removes a tree we own (a staging copy); nothing if it is absent.
    static func removeTree(_ path: String) throws(ClusterError) {
        guard exists(path) else { return }
        try ExternalProgram(argv: ["/bin/rm", "-rf", "--one-file-system", path]).runChecked(.fileSystem, "removing \(path)")
    }

    /// Copies a tree preserving owners and modes (`cp -a`, reflinked where the file system can).
    static func copyTree(_ source: String, to destination: String) throws(ClusterError) {
        try ExternalProgram(argv: ["/bin/cp", "-a", "--reflink=auto", source, destination])
            .runChecked(.commandFailed, "copying \(source) to \(destination)")
    }

    /// Moves a tree: a rename on one file system, else a copy and removal.
    static func moveTree(_ source: String, to destination: String) throws(ClusterError) {
        if Glibc.rename(source, destination) == 0 { return }
        guard errno == EXDEV else {
            throw ClusterError(.fileSystem, FileError(path: destination, operation: "rename \(source) to").description)
        }
        try copyTree(source, to: destination)
        try removeTree(source)
    }

    /// Atomically renames, then syncs the parent directory so the rename survives a crash.
    static func rename(_ source: String, over destination: String) throws(ClusterError) {
        guard Glibc.rename(source, destination) == 0 else {
            throw ClusterError(.fileSystem, FileError(path: destination, operation: "rename \(source) to").description)
        }
        let parent = destination.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let descriptor = open(parent.isEmpty ? "/" : parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
    }

    /// Flushes the file system holding `path` (`sync -f`, i.e. syncfs), so a copied tree is durable.
    static func syncFileSystem(of path: String) {
        _ = try? ExternalProgram(argv: ["/bin/sync", "-f", path]).run()
    }

    /// The owner of `path`, or nil when it cannot be read.
    static func owner(of path: String) -> uid_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_uid : nil
    }

    /// The canonical absolute path (symlinks resolved), or `path` when it cannot be resolved.
    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
