#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// One thread for the whole process that sleeps in `poll` on a pidfd per watched child and calls
/// that child's callback once it has exited. Watching a child costs a `pidfd_open` and a byte
/// written to wake the thread, where a thread of its own per child (the fallback, see
/// `ChildReaper`) costs a stack mapped and a thread made and scheduled: forty children starting
/// at once notice it.
final class ExitWatcher: Sendable {
    static let shared = ExitWatcher()

    private struct State {
        /// Wakes the thread when the set of pidfds changed.
        var thread = LazyPollThread()
        var callbacks: [Int32: @Sendable () -> Void] = [:]
    }

    private let state = Mutex(State())

    /// Calls `exited` on the watcher's thread once `pid` (a child of this process) has exited.
    /// - Returns: false when it cannot watch (no pidfds here, or no thread); then nothing will
    ///   be called and the caller watches by itself.
    func watch(_ pid: pid_t, _ exited: @escaping @Sendable () -> Void) -> Bool {
        guard let pidfdOpen = GNULibc.pidfdOpen else { return false }
        let fd = pidfdOpen(pid, 0)  // close-on-exec, as every pidfd
        guard fd >= 0 else { return false }
        let wake = state.withLock { state -> WakePipe? in
            guard let wake = state.thread.start({ [self] in run($0) }) else { return nil }
            state.callbacks[fd] = exited
            return wake
        }
        guard let wake else {
            close(fd)
            return false
        }
        wake.wake()
        return true
    }

    private func run(_ wake: WakePipe) {
        while true {
            var fds = [pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
            fds += state.withLock { $0.callbacks.keys.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) } }
            guard poll(&fds, nfds_t(fds.count), -1) >= 0 || errno == EINTR else { return }
            if fds[0].revents != 0 { wake.drain() }
            for ready in fds.dropFirst() where ready.revents != 0 {
                let callback = state.withLock { $0.callbacks.removeValue(forKey: ready.fd) }
                close(ready.fd)
                callback?()
            }
        }
    }
}
