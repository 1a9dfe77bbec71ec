#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One line per event on stdout (devenv captures it into the service's log), filtered by
/// `LOG_LEVEL` (`debug`, `info`, `notice`, `warning`, `error`; default `info`).
struct Log: Sendable {
    enum Level: Int, Comparable, Sendable {
        case debug, info, notice, warning, error

        init?(name: String) {
            switch name.lowercased() {
            case "trace", "debug": self = .debug
            case "info": self = .info
            case "notice": self = .notice
            case "warn", "warning": self = .warning
            case "error", "critical": self = .error
            default: return nil
            }
        }

        static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    var level: Level
    /// Prefixed to each line: `demo-app adder`.
    var label: String

    func debug(_ message: @autoclosure () -> String) { emit(.debug, message) }
    func info(_ message: @autoclosure () -> String) { emit(.info, message) }
    func notice(_ message: @autoclosure () -> String) { emit(.notice, message) }
    func warning(_ message: @autoclosure () -> String) { emit(.warning, message) }
    func error(_ message: @autoclosure () -> String) { emit(.error, message) }

    private func emit(_ lineLevel: Level, _ message: () -> String) {
        guard lineLevel >= level else { return }
        let line = "\(label) \(lineLevel): \(message())\n"
        var bytes = Array(line.utf8)[...]
        while !bytes.isEmpty {  // one unbuffered write per line, so lines from threads never mix
            let written = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
