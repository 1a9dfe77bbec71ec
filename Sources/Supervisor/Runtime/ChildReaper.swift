import Glibc
import Synchronization

/// Collects the exit statuses of processes and hands them to `wait` callers, whether they come
/// before or after the exit.
///
/// Each watched child is waited for by the process's `ExitWatcher` (a pidfd on one poll(2)
/// thread), or where that cannot be, by a small detached thread of its own that blocks until it
/// exits: idle, no CPU at all, and no `waitpid(-1)` that would steal the statuses of children
/// other parts of the daemon spawn. A child is waited for with `WNOWAIT` first and reaped under
/// the lock, so `whileRunning` can signal its pid knowing the kernel has not given it to anyone
/// else.
final class ChildReaper: Sendable {
    private struct Entry {
        var status: ExitStatus?
        var waiters: [CheckedContinuation<ExitStatus, Never>] = []
    }

    /// Whether `whileRunning` ran its body.
    enum Lookup: Equatable {
        case running
        case exited
        /// Not a process this reaper watches.
        case unknown
    }

    private let entries = Mutex<[ProcessHandle: Entry]>([:])

    /// Starts watching a child of this process.
    /// - Throws: the `errno` of `pthread_create` when no thread can be made.
    func watchChild(_ handle: ProcessHandle) throws(RuntimeError) {
        entries.withLock { $0[handle] = Entry() }
        if ExitWatcher.shared.watch(handle.pid, { [self] in finish(handle, waitForChild(handle.pid)) }) {
            return
        }
        do {
            try spawnThread { [self] in
                let status = waitForChild(handle.pid)
                finish(handle, status)
            }
        } catch {
            _ = entries.withLock { $0.removeValue(forKey: handle) }
            throw error
        }
    }

    /// Waits for the process's exit. A handle not being watched (restored from the state db)
    /// is waited for through a pidfd, and reports ``ExitStatus/unknown``.
    func status(of handle: ProcessHandle) async -> ExitStatus {
        var startForeignWatch = false
        let status = await withCheckedContinuation { (continuation: CheckedContinuation<ExitStatus, Never>) in
            let ready: ExitStatus? = entries.withLock { entries in
                if let status = entries[handle]?.status { return status }
                if entries[handle] == nil {
                    entries[handle] = Entry()
                    startForeignWatch = true
                }
                entries[handle]!.waiters.append(continuation)
                return nil
            }
            if let ready {
                continuation.resume(returning: ready)
            } else if startForeignWatch {
                do {
                    try spawnThread { [self] in
                        ForeignProcess.waitForExit(handle)
                        finish(handle, .unknown)
                    }
                } catch {
                    finish(handle, .unknown)
                }
            }
        }
        return status
    }

    /// Runs `body` while the watched process has not been reaped, so its pid cannot be reused
    /// meanwhile.
    func whileRunning(_ handle: ProcessHandle, _ body: () -> Void) -> Lookup {
        entries.withLock { entries in
            guard let entry = entries[handle] else { return .unknown }
            guard entry.status == nil else { return .exited }
            body()
            return .running
        }
    }

    /// Blocks until the child exits, then reaps it under the lock.
    private func waitForChild(_ pid: Int32) -> ExitStatus {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 {
            if errno != EINTR { return .unknown }  // ECHILD: reaped by someone else
        }
        return entries.withLock { _ in
            // The child (a shim, leading its own process group) is a zombie now, so its pid is
            // still taken and the group id cannot be anyone else's: whatever of the group is
            // left — the service itself when the shim was killed — goes with it.
            kill(-pid, SIGKILL)
            var status: Int32 = 0
            while true {
                let result = waitpid(pid, &status, WNOHANG)
                if result == pid { return ExitStatus(waitStatus: status) }
                if result < 0 && errno == EINTR { continue }
                return .unknown
            }
        }
    }

    private func finish(_ handle: ProcessHandle, _ status: ExitStatus) {
        let waiters = entries.withLock { entries -> [CheckedContinuation<ExitStatus, Never>] in
            let waiters = entries[handle]?.waiters ?? []
            entries[handle] = Entry(status: status)
            return waiters
        }
        for waiter in waiters {
            waiter.resume(returning: status)
        }
    }

    /// Runs `body` on a new detached thread with a small stack.
    private func spawnThread(_ body: @escaping @Sendable () -> Void) throws(RuntimeError) {
        let result = DetachedThread.start(body)
        guard result == 0 else {
            throw RuntimeError(code: .launchFailed, message: "cannot start a thread to watch a process: \(String(cString: strerror(result)))", errno: result)
        }
    }
}
