/// Healthy when `/bin/sh -c command` exits 0 within the timeout.
///
/// Each check spawns the shell in a process group of its own, with stdin on `/dev/null` and
/// stdout and stderr captured (the last line goes into the reason). A dedicated thread waits
/// for it, so nothing blocks a Swift concurrency thread. When the timeout passes, or the
/// calling task is cancelled, the whole group is killed (SIGKILL). When the shell ends, any
/// process it left behind in its group is killed too, so a check never leaves processes
/// running. The shell is reaped by its own pid (never `waitpid(-1)`), so the daemon's other
/// children are left alone.
public struct CommandProbe: HealthProbe {
    /// The command, run by `/bin/sh -c`.
    public var command: String
    /// The command's whole environment: nothing is inherited from the daemon. Without `PATH`,
    /// the shell searches its default path.
    public var environment: [String: String]
    /// The directory the command runs in.
    public var workingDirectory: String

    /// - Parameters:
    ///   - command: The command, run by `/bin/sh -c`.
    ///   - environment: Its whole environment.
    ///   - workingDirectory: Where it runs; by default the daemon's own directory.
    public init(command: String, environment: [String: String] = [:], workingDirectory: String = ".") {
        self.command = command
        self.environment = environment
        self.workingDirectory = workingDirectory
    }

    public func check(timeout: Duration) async -> ProbeResult {
        guard timeout > .zero else {
            return .unhealthy(reason: "command timed out after \(ProbeText.duration(timeout))")
        }
        let deadline = ContinuousClock.now + timeout
        let run = CommandProbeRun(
            command: command,
            environment: environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" },
            workingDirectory: workingDirectory)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                run.start(deadline: deadline, timeout: timeout) { continuation.resume(returning: $0) }
            }
        } onCancel: {
            run.cancel()
        }
    }
}
