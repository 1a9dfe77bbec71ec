import Glibc

/// Waits, at no CPU cost, for files in a directory to change: inotify where it is available,
/// else a timed wait so the caller can poll.
final class DirectoryWatch {
    enum Change {
        /// The named files changed (written, truncated, created, renamed or deleted).
        case files(Set<String>)
        /// Events were lost, or there is no inotify: check everything.
        case unknown
        /// The directory itself was deleted or moved.
        case directoryGone
        /// The wake pipe was written.
        case woken
    }

    private let descriptor: Int32
    private let pollInterval: Duration
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

    /// Watches `directory`; without inotify (or with `useInotify` false) `next` returns `.unknown`
    /// every `pollInterval`.
    init(directory: String, useInotify: Bool, pollInterval: Duration) {
        self.pollInterval = pollInterval
        var descriptor: Int32 = -1
        if useInotify {
            descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
            let mask = UInt32(IN_MODIFY | IN_CREATE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF)
            if descriptor >= 0, inotify_add_watch(descriptor, directory, mask) < 0 {
                close(descriptor)
                descriptor = -1
            }
        }
        self.descriptor = descriptor
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    var usesInotify: Bool { descriptor >= 0 }

    /// Blocks until something changes or `wake` is written.
    func next(wake: Int32) -> Change {
        var fds = [pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
        if descriptor >= 0 { fds.append(pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)) }
        let (seconds, attoseconds) = pollInterval.components
        let timeout = descriptor >= 0 ? -1 : Int32(seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        while true {
            let ready = poll(&fds, nfds_t(fds.count), timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                return .unknown
            }
            if fds[0].revents != 0 { return .woken }
            if ready == 0 { return .unknown }
            return readEvents()
        }
    }

    /// Drains the inotify queue into one change.
    private func readEvents() -> Change {
        var names: Set<String> = []
        var lost = false
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            var offset = 0
            while offset + 16 <= count {
                let (mask, length) = buffer.withUnsafeBytes { raw in
                    (raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                     Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
                }
                if mask & UInt32(IN_Q_OVERFLOW) != 0 { lost = true }
                if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED) != 0 { return .directoryGone }
                if length > 0 {
                    let name = buffer[(offset + 16)..<(offset + 16 + length)].prefix { $0 != 0 }
                    names.insert(String(decoding: name, as: UTF8.self))
                }
                offset += 16 + length
            }
        }
        return lost ? .unknown : .files(names)
    }
}
