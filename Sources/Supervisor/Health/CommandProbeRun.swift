import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One check of a ``CommandProbe``: spawns the command and waits for it on a thread of its own,
/// which ends when the command has ended and been reaped.
final class CommandProbeRun: Sendable {
    /// How long a killed process group has to die before the verdict is delivered anyway
    /// (the reaping carries on, on the same thread).
    static let killGrace: Duration = .milliseconds(500)
    /// How much of the command's output is kept for the reason.
    static let outputLimit = 1024

    let command: String
    let environment: [String]
    let workingDirectory: String
    /// A pipe that `cancel` writes to and the waiting thread polls: -1s once the run has
    /// finished (or when none could be made).
    private let cancelSignal: Mutex<(read: Int32, write: Int32)>

    init(command: String, environment: [String], workingDirectory: String) {
        self.command = command
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.cancelSignal = Mutex(GNULibc.closeOnExecPipe() ?? (-1, -1))
    }

    deinit {
        cancelSignal.withLock { Self.closeEnds(&$0) }
    }

    /// Abandons the check: the waiting thread kills the process group and reports "cancelled".
    func cancel() {
        cancelSignal.withLock { ends in
            guard ends.write >= 0 else { return }
            var byte: UInt8 = 1
            _ = write(ends.write, &byte, 1)
        }
    }

    /// Runs the check on a new thread and calls `deliver` once, with the verdict.
    func start(
        deadline: ContinuousClock.Instant, timeout: Duration, deliver: @escaping @Sendable (ProbeResult) -> Void
    ) {
        do {
            try Self.detachThread { [self] in
                run(deadline: deadline, timeout: timeout, deliver: deliver)
            }
        } catch {
            deliver(.unhealthy(reason: "cannot run the command: \(error.message)"))
        }
    }

    /// Spawns, waits, kills the group, reaps: the body of the run's thread.
    private func run(deadline: ContinuousClock.Instant, timeout: Duration, deliver: @Sendable (ProbeResult) -> Void) {
        defer { cancelSignal.withLock { Self.closeEnds(&$0) } }
        let process: CommandProbeProcess
        do {
            process = try CommandProbeProcess.spawn(
                command: command, environment: environment, workingDirectory: workingDirectory)
        } catch {
            deliver(.unhealthy(reason: "cannot run the command: \(error.message)"))
            return
        }
        let ending = process.waitForEnd(deadline: deadline, cancelSignal: cancelSignal.withLock { $0.read })
        process.killGroup()
        let output = process.lastOutputLine(limit: 200)
        let suffix = output.isEmpty ? "" : ": \(output)"
        switch ending {
        case .exited:
            let status = process.reap()
            switch status {
            case .exited(0): deliver(.healthy)
            case .exited(let code): deliver(.unhealthy(reason: "command exited with code \(code)\(suffix)"))
            case .signaled: deliver(.unhealthy(reason: "command ended by \(status)\(suffix)"))
            }
        case .timedOut, .cancelled:
            let exited = process.waitForExit(upTo: Self.killGrace)
            if exited { _ = process.reap() }
            deliver(
                .unhealthy(
                    reason: ending == .cancelled
                        ? "command cancelled"
                        : "command timed out after \(ProbeText.duration(timeout))\(suffix)"))
            if !exited { _ = process.reap() }
        }
        process.closeDescriptors()
    }

    private static func closeEnds(_ ends: inout (read: Int32, write: Int32)) {
        if ends.read >= 0 { close(ends.read) }
        if ends.write >= 0 { close(ends.write) }
        ends = (-1, -1)
    }

    /// Runs `body` on a new detached thread with a small stack.
    static func detachThread(_ body: @escaping @Sendable () -> Void) throws(CommandProbeProcess.Failure) {
        let result = DetachedThread.start(body)
        if result != 0 {
            throw CommandProbeProcess.Failure(message: "cannot start a thread: \(String(cString: strerror(result)))")
        }
    }
}
