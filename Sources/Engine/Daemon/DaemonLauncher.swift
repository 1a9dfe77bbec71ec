import Foundation
import Manifest
import Supervisor

#if canImport(Glibc)
import Glibc
#endif

/// Starts an environment's daemon, detached in its own session, and waits until it answers.
struct DaemonLauncher {
    let project: Project
    let name: String

    var paths: DaemonPaths { DaemonPaths(project: project, environment: name) }

    /// The control client of the living daemon, starting one if none lives.
    /// - Parameter converging: a daemon started here brings the environment up from the manifest
    ///   at once (`--up`), without waiting for the `POST /up` that follows: its first children
    ///   start while its control socket is still being set up.
    func ensureRunning(converging: Bool = false, timeout: Duration = .seconds(15)) throws -> ControlClient {
        let client = ControlClient(socketPath: paths.controlSocket)
        if client.isAnswering() { return client }
        if FileLock.isHeld(paths.daemonLock) {
            // A daemon holds the lock but does not answer yet: it is starting.
            if wait(for: client, pid: nil, timeout: timeout) { return client }
            throw EngineError("the daemon of \(name) holds its lock but does not answer on \(paths.controlSocket); see \(paths.daemonLog)")
        }
        // No daemon holds its lock: start one (it records and cleans up after a dead predecessor).
        let pid = try spawn(converging: converging)
        guard wait(for: client, pid: pid, timeout: timeout) else {
            throw EngineError("the daemon of \(name) did not start; its log \(paths.daemonLog) ends with:\n" + LogTail.lastLines(of: paths.daemonLog, count: 20).joined(separator: "\n"))
        }
        return client
    }

    private func wait(for client: ControlClient, pid: pid_t?, timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if client.isAnswering() { return true }
            if let pid, kill(pid, 0) != 0 || Self.reaped(pid) { return false }
            usleep(5_000)
        }
        return false
    }

    private static func reaped(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == pid
    }

    func spawn(converging: Bool) throws -> pid_t {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let arguments = [executable, "daemon", name, "-C", project.root] + (converging ? ["--up"] : [])
        let attributes = SpawnAttributes(.newSession)  // the daemon outlives this terminal's session
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, paths.daemonLog, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of ours may leak into the daemon: a caller waiting for EOF on a pipe we
        // inherited would wait for the daemon's whole life.
        _ = GNULibc.addCloseFrom?(&actions, 3)
        var pid: pid_t = 0
        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        let result = withCStringArray(arguments) { argv in
            withCStringArray(environment) { envp in posix_spawn(&pid, executable, &actions, &attributes.raw, argv, envp) }
        }
        guard result == 0 else {
            throw EngineError("cannot start the daemon (\(executable)): \(String(cString: strerror(result)))")
        }
        return pid
    }
}

/// The last lines of a text file, for error messages: `LogFile`'s backward scan, so a large log
/// is never read whole.
enum LogTail {
    static func lastLines(of path: String, count: Int) -> [String] {
        guard let file = try? LogFile(path: path) else { return [] }
        let size = file.status().size
        guard let start = try? file.start(ofLast: count, before: size).offset,
              let bytes = try? file.read(at: start, count: Int(size - start)) else { return [] }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
