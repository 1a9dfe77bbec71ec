#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Runs one short command to its end and collects what it printed: how the container runtime
/// runs `podman image exists`, `podman pause`, `podman inspect`…
///
/// `posix_spawn` with stdin on `/dev/null`, stdout and stderr through two pipes, every signal at
/// its default; the wait is `waitpid` on its own pid, so no other child's status is taken.
enum CommandRun {
    /// Runs `argv` with `environment` as its whole environment and waits for it, on a thread of
    /// its own (not one of Swift's cooperative pool).
    static func run(_ argv: [String], environment: [String: String]) async -> CommandOutput {
        await withCheckedContinuation { continuation in
            let started = DetachedThread.start {
                continuation.resume(returning: runBlocking(argv, environment: environment))
            }
            if started != 0 {
                continuation.resume(returning: CommandOutput(
                    status: .exited(126), stderr: "cannot start a thread: \(String(cString: strerror(started)))"))
            }
        }
    }

    /// Runs `argv` and blocks until it has exited. A program that cannot be spawned is reported
    /// as exit 127 with the reason on stderr.
    static func runBlocking(_ argv: [String], environment: [String: String]) -> CommandOutput {
        guard let out = GNULibc.closeOnExecPipe() else {
            return CommandOutput(status: .exited(126), stderr: "cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        guard let err = GNULibc.closeOnExecPipe() else {
            close(out.read)
            close(out.write)
            return CommandOutput(status: .exited(126), stderr: "cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        let actions = SpawnFileActions(stdout: out.write, stderr: err.write)
        let attributes = SpawnAttributes()
        let envp = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let result = withCStringArray(argv) { argv in
            withCStringArray(envp) { envp in posix_spawn(&pid, argv[0]!, &actions.raw, &attributes.raw, argv, envp) }
        }
        close(out.write)
        close(err.write)
        guard result == 0 else {
            close(out.read)
            close(err.read)
            return CommandOutput(status: .exited(127),
                                 stderr: "cannot run '\(argv.first ?? "")': \(String(cString: strerror(result)))")
        }
        let (stdout, stderr) = readBoth(out.read, err.read)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return CommandOutput(status: ExitStatus(waitStatus: status),
                             stdout: String(decoding: stdout, as: UTF8.self),
                             stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Reads both descriptors to their ends, then closes them.
    private static func readBoth(_ first: Int32, _ second: Int32) -> ([UInt8], [UInt8]) {
        var descriptors = [pollfd(fd: first, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: second, events: Int16(POLLIN), revents: 0)]
        var collected: [[UInt8]] = [[], []]
        var buffer = [UInt8](repeating: 0, count: 16384)
        while descriptors.contains(where: { $0.fd >= 0 }) {
            if poll(&descriptors, 2, -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            for index in 0..<2 where descriptors[index].fd >= 0 && descriptors[index].revents != 0 {
                let count = read(descriptors[index].fd, &buffer, buffer.count)
                if count > 0 {
                    collected[index].append(contentsOf: buffer[..<count])
                } else if count == 0 || errno != EINTR {
                    close(descriptors[index].fd)
                    descriptors[index].fd = -1
                }
            }
        }
        for descriptor in descriptors where descriptor.fd >= 0 { close(descriptor.fd) }
        return (collected[0], collected[1])
    }
}
