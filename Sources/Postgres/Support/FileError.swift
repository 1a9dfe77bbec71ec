import Glibc

/// A file-system call that failed: the path, what was attempted and `errno`'s text.
struct FileError: Error, Sendable, CustomStringConvertible {
    var path: String
    var operation: String
    var reason: String

    init(path: String, operation: String, errno code: Int32 = errno) {
        self.path = path
        self.operation = operation
        self.reason = String(cString: strerror(code))
    }

    var description: String { "cannot \(operation) \(path): \(reason)" }
}
