import Glibc

/// The descriptors the shim inherits from the daemon.
enum FileDescriptors {
    /// Closes every descriptor above stderr: the daemon's sockets and files are none of the
    /// shim's (or its child's) business.
    static func closeInherited() {
        var open: [Int32] = []
        ProcEntries.forEachNumber(in: "/proc/self/fd") { fd, own in
            if fd > STDERR_FILENO && fd != own { open.append(fd) }
        }
        for fd in open {
            close(fd)
        }
    }
}
