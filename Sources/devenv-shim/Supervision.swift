import Glibc

/// The shim's main loop: copy the child's output to the log until the child exits.
enum Supervision {
    /// How the child ended, from waitpid.
    enum Ending {
        case exited(Int32)
        case signaled(Int32)
    }

    private static let readCapacity = 16 * 1024
    nonisolated(unsafe) private static let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: readCapacity)

    /// Blocks in poll(2) on the output pipe and the SIGCHLD self-pipe; returns once the child
    /// is reaped. Idle, it costs nothing.
    static func run(child: pid_t, outputFD: Int32, wakeFD: Int32, log: inout LogWriter) -> Ending {
        var fds = [
            pollfd(fd: outputFD, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            if let ending = reap(child) {
                return ending
            }
            let ready = poll(&fds, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                Shim.fail("poll failed: \(Shim.describe(errno: errno))")
            }
            if fds[0].revents != 0 {
                let count = read(outputFD, buffer, readCapacity)
                if count > 0 {
                    log.append(buffer, count: count)
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    // Every writer closed its end; only the child's exit is left to wait for.
                    log.finish()
                    fds[0].fd = -1
                }
            }
            if fds[1].revents != 0 {
                while read(wakeFD, buffer, readCapacity) > 0 {}
            }
        }
    }

    /// Copies what is already in the pipe to the log, without waiting for writers that
    /// may never close it.
    static func drain(_ outputFD: Int32, into log: inout LogWriter) {
        _ = fcntl(outputFD, F_SETFL, O_NONBLOCK)
        while true {
            let count = read(outputFD, buffer, readCapacity)
            if count > 0 {
                log.append(buffer, count: count)
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }

    /// Ends the shim the way the child ended.
    static func mirror(_ ending: Ending) -> Never {
        switch ending {
        case .exited(let code): exit(code)
        case .signaled(let signal): ShimSignals.die(by: signal)
        }
    }

    private static func reap(_ child: pid_t) -> Ending? {
        var status: Int32 = 0
        while true {
            let result = waitpid(child, &status, WNOHANG)
            if result == child { break }
            if result < 0 && errno == EINTR { continue }
            if result < 0 { Shim.fail("lost track of the child: \(Shim.describe(errno: errno))") }
            return nil
        }
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }
}
