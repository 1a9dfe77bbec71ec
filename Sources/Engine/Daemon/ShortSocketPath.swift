#if canImport(Glibc)
import Glibc
#endif

/// A Unix socket path that fits `sockaddr_un` (107 bytes) however deep its directory lies.
///
/// A path that fits is used as it is. A longer one is reached through a handle on its directory:
/// `/proc/self/fd/<n>/<name>`, which the kernel resolves to the same file, so the socket still
/// lives where the state directory's layout puts it (`.devenv/<env>/control.sock`).
enum ShortSocketPath {
    /// The most bytes a socket path may have, its terminating NUL excluded.
    static let limit = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

    /// Calls `body` with a path to `path` short enough to bind or connect to.
    /// - Throws: `ControlError` when the directory cannot be opened (it does not exist, say).
    static func with<T>(_ path: String, _ body: (String) throws -> T) throws -> T {
        let (short, handle) = try shorten(path)
        defer { if handle >= 0 { close(handle) } }
        return try body(short)
    }

    /// `with` for an asynchronous `body` (a NIO bind).
    static func with<T>(_ path: String, _ body: (String) async throws -> T) async throws -> T {
        let (short, handle) = try shorten(path)
        defer { if handle >= 0 { close(handle) } }
        return try await body(short)
    }

    /// The short path and the directory handle it goes through (-1 when `path` fits as it is).
    private static func shorten(_ path: String) throws -> (String, Int32) {
        if path.utf8.count <= limit { return (path, -1) }
        let slash = path.lastIndex(of: "/") ?? path.startIndex
        let directory = path[..<slash].isEmpty ? "/" : String(path[..<slash])
        let name = path[path.index(after: slash)...]
        let handle = open(directory, openPath | O_DIRECTORY | O_CLOEXEC)
        guard handle >= 0 else {
            throw ControlError("cannot open \(directory) to reach the socket in it: \(String(cString: strerror(errno)))")
        }
        let short = "/proc/self/fd/\(handle)/\(name)"
        guard short.utf8.count <= limit else {
            close(handle)
            throw ControlError("the socket name \(name) is too long for a Unix socket")
        }
        return (short, handle)
    }

    /// `O_PATH` (Linux): a handle that only names the directory; Glibc's module does not export it.
    private static let openPath: Int32 = 0o10000000
}
