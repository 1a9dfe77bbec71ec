import Glibc

/// Process-wide facts of the shim, shared with its signal handlers.
enum Shim {
    /// Exit status for the shim's own failures (bad usage, log not writable, unknown user…).
    static let failureStatus: Int32 = 125
    /// Exit status when PROGRAM cannot be found; 126 when it is found but cannot be run.
    static let notFoundStatus: Int32 = 127
    static let notExecutableStatus: Int32 = 126

    /// Writes `devenv-shim: message` to `fd` in one write.
    static func say(_ message: String, to fd: Int32 = STDERR_FILENO) {
        var line = "devenv-shim: \(message)\n"
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }

    /// Reports a failure of the shim itself on stderr and exits 125.
    static func fail(_ message: String) -> Never {
        say(message)
        exit(failureStatus)
    }

    static func describe(errno code: Int32) -> String {
        String(cString: strerror(code))
    }
}
