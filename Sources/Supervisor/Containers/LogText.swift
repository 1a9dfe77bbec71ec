#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads what a container's CLI wrote to its log (the shim's timestamped lines), for the message
/// of a refused start.
enum LogText {
    /// The file's size in bytes, 0 when it does not exist.
    static func size(of path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }

    /// The file's text from byte `offset` on (at most 64 KiB), empty when it cannot be read.
    static func read(_ path: String, from offset: Int) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 65536)
        let count = pread(fd, &bytes, bytes.count, off_t(offset))
        return count > 0 ? String(decoding: bytes[..<count], as: UTF8.self) : ""
    }

    /// The log's lines from `offset` on without their timestamps, warnings left out unless
    /// nothing else was said, joined into one line.
    static func messages(in path: String, from offset: Int) -> String {
        let lines = read(path, from: offset).split(whereSeparator: \.isNewline).map { line in
            line.count > stampLength && line.dropFirst(stampLength - 1).first == " "
                ? line.dropFirst(stampLength).trimmingWhitespace : line.trimmingWhitespace
        }.filter { !$0.isEmpty }
        let errors = lines.filter { !$0.contains("level=warning") }
        return (errors.isEmpty ? lines : errors).joined(separator: "; ")
    }

    /// `2026-11-21T23:00:00.123Z ` (the shim's stamp and its space).
    private static let stampLength = 25
}

extension String {
    var trimmingCharacters: String { Substring(self).trimmingWhitespace }
}
