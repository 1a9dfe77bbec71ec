#if canImport(Glibc)
import Glibc
#endif

/// An advisory `flock` on a file, held until released or the process ends (even by kill -9).
public final class FileLock: @unchecked Sendable {
    private let fd: Int32

    private init(fd: Int32) {
        self.fd = fd
    }

    /// Takes the lock without waiting; nil when another process holds it.
    public static func tryAcquire(_ path: String) -> FileLock? {
        acquire(path, wait: false)
    }

    /// Whether another process holds the lock at `path`. The lock is taken and let go at once
    /// when free, before whoever the answer makes way for tries to take it.
    public static func isHeld(_ path: String) -> Bool {
        var probe = tryAcquire(path)
        defer { probe = nil }
        return probe == nil
    }

    /// Takes the lock, waiting for its holder to release it.
    public static func acquire(_ path: String) -> FileLock? {
        acquire(path, wait: true)
    }

    private static func acquire(_ path: String, wait: Bool) -> FileLock? {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        while flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0 {
            if errno == EINTR { continue }
            close(fd)
            return nil
        }
        return FileLock(fd: fd)
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
