#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension ContainerCLI {
    /// Whether containers run in a user namespace of this (unprivileged) user: rootless podman,
    /// where uid N in a container is a subordinate uid on the host, not N.
    public var isRootless: Bool { kind == .podman && getuid() != 0 }

    /// Makes `path` (and all in it) owned by `owner` (`UID:GID`, numeric) as the container sees
    /// it, so a container user that is not root can write a mounted directory (Postgres's data):
    /// `chown` where devenv runs as root, `podman unshare chown` for rootless podman.
    /// - Throws: ``RuntimeError`` `launchFailed` with the command's message.
    public func handOver(_ path: String, to owner: String) async throws {
        let output = isRootless
            ? await run(["unshare", "chown", "-R", owner, path])
            : await CommandRun.run(["/bin/chown", "-R", owner, path], environment: environment)
        guard output.succeeded else {
            throw RuntimeError(code: .launchFailed,
                               message: "cannot hand '\(path)' over to the container user \(owner): \(output.failure)")
        }
    }

    /// Removes `path` and all in it, including what a container user of rootless podman owns
    /// there (which the host user itself may not remove): for `down --purge`.
    /// - Throws: ``RuntimeError`` `launchFailed` with the command's message.
    public func removeHandedOver(_ path: String) async throws {
        let output = isRootless
            ? await run(["unshare", "rm", "-rf", path])
            : await CommandRun.run(["/bin/rm", "-rf", path], environment: environment)
        guard output.succeeded else {
            throw RuntimeError(code: .launchFailed, message: "cannot remove '\(path)': \(output.failure)")
        }
    }
}
