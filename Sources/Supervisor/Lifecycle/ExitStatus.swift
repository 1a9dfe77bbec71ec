#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How a child process ended: a result to act on, never a thrown error.
public enum ExitStatus: Sendable, Hashable {
    /// The process called `exit` with this code.
    case exited(Int32)
    /// The process was terminated by this signal number.
    case signaled(Int32)

    /// Whether the process exited with code 0.
    public var isSuccess: Bool {
        self == .exited(0)
    }

    /// The short name of a signal number without the `SIG` prefix (`9` → `"KILL"`), if it is a known one.
    public static func signalName(_ signal: Int32) -> String? {
        knownSignals.first { $0.number == signal }?.name
    }

    /// The signal number for a name such as `TERM` or `SIGTERM` (any case), if it is a known one.
    public static func signalNumber(named name: String) -> Int32? {
        var short = name.uppercased()
        if short.hasPrefix("SIG") { short.removeFirst(3) }
        return knownSignals.first { $0.name == short }?.number
    }

    private static let knownSignals: [(name: String, number: Int32)] = [
        ("HUP", SIGHUP), ("INT", SIGINT), ("QUIT", SIGQUIT), ("ILL", SIGILL), ("TRAP", SIGTRAP),
        ("ABRT", SIGABRT), ("BUS", SIGBUS), ("FPE", SIGFPE), ("KILL", SIGKILL), ("USR1", SIGUSR1),
        ("SEGV", SIGSEGV), ("USR2", SIGUSR2), ("PIPE", SIGPIPE), ("ALRM", SIGALRM), ("TERM", SIGTERM),
        ("CHLD", SIGCHLD), ("CONT", SIGCONT), ("STOP", SIGSTOP), ("TSTP", SIGTSTP), ("TTIN", SIGTTIN),
        ("TTOU", SIGTTOU), ("URG", SIGURG), ("XCPU", SIGXCPU), ("XFSZ", SIGXFSZ), ("VTALRM", SIGVTALRM),
        ("PROF", SIGPROF), ("WINCH", SIGWINCH), ("IO", SIGIO), ("SYS", SIGSYS),
    ]
}

extension ExitStatus: CustomStringConvertible {
    /// `"exit 1"`, or `"signal 9 (KILL)"` for a signal with a known name.
    public var description: String {
        switch self {
        case .exited(let code):
            return "exit \(code)"
        case .signaled(let signal):
            if let name = Self.signalName(signal) {
                return "signal \(signal) (\(name))"
            }
            return "signal \(signal)"
        }
    }
}
