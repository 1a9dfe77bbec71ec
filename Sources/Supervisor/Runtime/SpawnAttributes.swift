#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The `posix_spawn` attributes every child devenv starts gets: every signal at its default
/// disposition and none blocked (so nothing the parent ignores or blocks leaks into the child),
/// plus a new session or a new process group when asked.
public final class SpawnAttributes {
    public enum Detach: Sendable {
        case none
        /// `setsid()`: a new session and process group led by the child.
        case newSession
        /// `setpgid(0, 0)`: a new process group led by the child.
        case newProcessGroup
    }

    /// glibc's `POSIX_SPAWN_SETSID`, which Swift does not import.
    private static let setSID: Int32 = 0x80

    public var raw = posix_spawnattr_t()

    public init(_ detach: Detach = .none) {
        posix_spawnattr_init(&raw)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&raw, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&raw, &all)
        var flags = Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF)
        switch detach {
        case .none: break
        case .newSession: flags |= Self.setSID
        case .newProcessGroup:
            posix_spawnattr_setpgroup(&raw, 0)
            flags |= Int32(POSIX_SPAWN_SETPGROUP)
        }
        posix_spawnattr_setflags(&raw, Int16(flags))
    }

    deinit {
        posix_spawnattr_destroy(&raw)
    }
}
