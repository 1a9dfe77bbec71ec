import Glibc

/// A process this daemon did not spawn (a handle restored from the state db): it cannot be
/// reaped, only waited for through a pidfd.
enum ForeignProcess {
    /// Blocks until the process is gone. Returns at once when it already is, when its pid now
    /// names another process, or when pidfds are not available.
    static func waitForExit(_ handle: ProcessHandle) {
        guard let pidfdOpen = GNULibc.pidfdOpen else { return }
        let fd = pidfdOpen(handle.pid, 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        // The pidfd pins the process: checked now, the identity cannot change under us.
        guard ProcessIdentity.isAlive(pid: handle.pid, startTime: handle.startTime) else { return }
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while poll(&descriptor, 1, -1) < 0 && errno == EINTR {}
    }
}
