import Glibc

/// An exclusive `flock` on a lock file, held until `unlock()` (or the process ends, so a
/// killed holder never leaves it locked).
final class FileLock {
    private var descriptor: Int32

    /// Blocks until the lock on `path` (created if missing, mode 0600) is ours.
    init(_ path: String) throws(ClusterError) {
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw ClusterError(.fileSystem, FileError(path: path, operation: "open lock").description) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                close(descriptor)
                throw ClusterError(.fileSystem, FileError(path: path, operation: "lock").description)
            }
        }
    }

    func unlock() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    deinit { unlock() }
}
