#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The shell of one ``CommandProbe`` check, seen from the thread that waits for it: it leads
/// its own process group, its stdout and stderr come through a pipe, and it is waited for
/// through a pidfd where the kernel has them. Used from that one thread only.
final class CommandProbeProcess {
    /// The command could not be started.
    struct Failure: Error {
        var message: String
    }

    /// Why waiting ended.
    enum Ending: Equatable {
        /// The shell has exited (not reaped yet).
        case exited
        /// The deadline passed first.
        case timedOut
        /// The check was cancelled first.
        case cancelled
    }

    let pid: pid_t
    /// The read end of the stdout/stderr pipe, non-blocking; -1 once at its end.
    private var output: Int32
    /// A pidfd for `pid`, or -1 where there are none.
    private let pidfd: Int32
    private var tail: [UInt8] = []
    private var reaped = false

    init(pid: pid_t, output: Int32) {
        self.pid = pid
        self.output = output
        self.pidfd = GNULibc.pidfdOpen.map { $0(pid, 0) } ?? -1
    }

    /// Waits until the shell exits, the deadline passes or `cancelSignal` is signalled,
    /// collecting output meanwhile.
    func waitForEnd(deadline: ContinuousClock.Instant, cancelSignal: Int32) -> Ending {
        while true {
            if pidfd < 0 && hasExited() { return finish(.exited) }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return finish(.timedOut) }
            var milliseconds = Self.milliseconds(remaining)
            if pidfd < 0 { milliseconds = min(milliseconds, 10) }
            var descriptors = [
                pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0),
                pollfd(fd: output, events: Int16(POLLIN), revents: 0),
                pollfd(fd: cancelSignal, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
            if ready < 0 && errno != EINTR {
                return finish(hasExited() ? .exited : .timedOut)
            }
            if descriptors[1].revents != 0 { readOutput() }
            if descriptors[2].revents != 0 { return finish(.cancelled) }
            if descriptors[0].revents != 0 { return finish(.exited) }
        }
    }

    /// Kills whatever is left of the process group. Safe until the shell is reaped: until
    /// then its pid, and so its group's id, cannot name anyone else.
    func killGroup() {
        guard !reaped else { return }
        kill(-pid, SIGKILL)
    }

    /// Waits up to `limit` for the shell to exit; whether it has.
    func waitForExit(upTo limit: Duration) -> Bool {
        guard pidfd >= 0 else { return true }  // no pidfd: `reap` will block until it has
        var descriptor = pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)
        let deadline = ContinuousClock.now + limit
        while true {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return false }
            let ready = poll(&descriptor, 1, Self.milliseconds(remaining))
            if ready > 0 { return true }
            if ready < 0 && errno != EINTR { return true }
        }
    }

    /// Blocks until the shell has exited and collects its status: `waitpid` on its own pid.
    func reap() -> ExitStatus {
        guard !reaped else { return .unknown }
        reaped = true
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, 0)
            if result == pid { return ExitStatus(waitStatus: status) }
            if result < 0 && errno == EINTR { continue }
            return .unknown
        }
    }

    /// The last non-blank line of what the command printed, at most `limit` characters.
    func lastOutputLine(limit: Int) -> String {
        let text = String(decoding: tail, as: UTF8.self)
        let line = text.split(whereSeparator: \.isNewline).last { !$0.allSatisfy(\.isWhitespace) } ?? ""
        return ProbeText.oneLine(String(line), limit: limit)
    }

    func closeDescriptors() {
        if output >= 0 { close(output) }
        output = -1
        if pidfd >= 0 { close(pidfd) }
    }

    /// Reads what output is there now (the output of a shell that just exited is all there).
    private func finish(_ ending: Ending) -> Ending {
        if ending == .exited { readOutput() }
        return ending
    }

    /// Reads what the pipe holds without blocking, keeping the last ``CommandProbeRun/outputLimit`` bytes.
    private func readOutput() {
        guard output >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(output, &buffer, buffer.count)
            if count > 0 {
                tail.append(contentsOf: buffer[..<count])
                if tail.count > CommandProbeRun.outputLimit {
                    tail.removeFirst(tail.count - CommandProbeRun.outputLimit)
                }
                continue
            }
            if count < 0 && errno == EINTR { continue }
            if count == 0 {  // every writer is gone
                close(output)
                output = -1
            }
            return
        }
    }

    /// Whether the shell has exited, leaving it to be reaped (`WNOWAIT`).
    private func hasExited() -> Bool {
        var info = siginfo_t()
        let result = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
        return result != 0 || info.si_signo == SIGCHLD
    }

    private static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: max(milliseconds, 1))
    }

}
