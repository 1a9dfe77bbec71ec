#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import NIOCore
import NIOPosix

/// The access log's file: appended to by one thread of its own, never by an event loop.
///
/// Event loops hand it whole batches (``AccessLogBuffer``); a slow disk delays the log, not a request.
final class AccessLogFile: Sendable {
    let path: String
    private let descriptor: Int32
    private let writer: NIOThreadPool
    private let logger: Logger

    /// Opens (creating it and its directory, mode 0600) the file at `path` for appending.
    init(path: String, logger: Logger) throws(RouterError) {
        Self.makeDirectories(for: path)
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let code = errno
            throw RouterError(
                code: .accessLogUnavailable,
                message: "cannot open the router's access log \(path): \(String(cString: strerror(code)))"
            )
        }
        self.path = path
        self.descriptor = descriptor
        self.logger = logger
        self.writer = NIOThreadPool(numberOfThreads: 1)
        writer.start()
    }

    /// Appends `batch` (whole lines) in the order batches are given.
    func append(_ batch: ByteBuffer) {
        let descriptor = self.descriptor
        let logger = self.logger
        let path = self.path
        // Written even when the pool is shutting down (state `.cancelled`): `close()` waits for
        // the queue to run before it closes the descriptor, so no line is lost on shutdown.
        writer.submit { _ in
            batch.withUnsafeReadableBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        logger.warning("cannot write the router's access log \(path): \(String(cString: strerror(errno)))")
                        return
                    }
                    offset += written
                }
            }
        }
    }

    /// Returns once every batch given so far is written.
    func drain(on eventLoop: any EventLoop) async {
        _ = try? await writer.runIfActive(eventLoop: eventLoop) {}.get()
    }

    /// Writes what is pending, stops the writer thread and closes the file.
    func close() async {
        try? await writer.shutdownGracefully()
        closeDescriptor(descriptor)
    }

    private static func makeDirectories(for path: String) {
        var directory = ""
        let components = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        for (index, component) in components.enumerated() {
            directory += index == 0 ? String(component) : "/" + component
            if !directory.isEmpty { _ = mkdir(directory, 0o755) }
        }
    }
}

private func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}
