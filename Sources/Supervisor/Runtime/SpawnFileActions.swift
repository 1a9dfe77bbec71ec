#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The `posix_spawn` file actions of a short-lived child whose output devenv reads: stdin on
/// `/dev/null`, stdout and stderr onto the descriptors given, and (where glibc can) no other
/// descriptor inherited. Destroyed with it, as `SpawnAttributes` is.
final class SpawnFileActions {
    var raw = posix_spawn_file_actions_t()

    init(stdout: Int32, stderr: Int32) {
        posix_spawn_file_actions_init(&raw)
        posix_spawn_file_actions_addopen(&raw, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&raw, stdout, STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&raw, stderr, STDERR_FILENO)
        _ = GNULibc.addCloseFrom?(&raw, STDERR_FILENO + 1)
    }

    deinit {
        posix_spawn_file_actions_destroy(&raw)
    }
}
