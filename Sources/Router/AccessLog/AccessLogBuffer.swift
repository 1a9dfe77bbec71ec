import NIOCore

/// One event loop's pending access log lines, handed to the file in batches.
///
/// A batch goes when it passes 32 KiB, or 100 ms after its first line, whichever is first: one
/// scheduled task per batch, none per request. Used only on its event loop.
final class AccessLogBuffer {
    private let file: AccessLogFile
    private let eventLoop: any EventLoop
    @exclusivity(unchecked) private var buffer: ByteBuffer
    @exclusivity(unchecked) private var time = UTCTimestamp()
    @exclusivity(unchecked) private var flushScheduled = false
    private static let batchBytes = 32 * 1024

    init(file: AccessLogFile, eventLoop: any EventLoop) {
        self.file = file
        self.eventLoop = eventLoop
        self.buffer = ByteBufferAllocator().buffer(capacity: Self.batchBytes + 4096)
    }

    func append(_ record: AccessLogRecord) {
        record.write(into: &buffer, time: &time)
        if buffer.readableBytes >= Self.batchBytes {
            flush()
        } else if !flushScheduled {
            flushScheduled = true
            eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(100)) { self.flush() }
        }
    }

    /// Hands what is pending to the file.
    func flush() {
        flushScheduled = false
        guard buffer.readableBytes > 0 else { return }
        file.append(buffer)
        buffer = ByteBufferAllocator().buffer(capacity: Self.batchBytes + 4096)
    }
}
