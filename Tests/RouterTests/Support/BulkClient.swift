import NIOCore
import NIOPosix
import Synchronization

/// Counters a bulk transfer shares with the test.
final class BulkProgress: Sendable {
    private struct State {
        var sent = 0
        var received = 0
        var mismatches = 0
        var head = ""
    }

    private let state = Mutex(State())
    var sent: Int { state.withLock { $0.sent } }
    var received: Int { state.withLock { $0.received } }
    var mismatches: Int { state.withLock { $0.mismatches } }
    var head: String { state.withLock { $0.head } }

    func addSent(_ count: Int) { state.withLock { $0.sent += count } }
    func addReceived(_ count: Int, mismatch: Bool) {
        state.withLock {
            $0.received += count
            if mismatch { $0.mismatches += 1 }
        }
    }
    func setHead(_ head: String) { state.withLock { $0.head = head } }
}

/// Uploads `total` bytes of the 0, 1, …, 255 pattern after a request head, as fast as the
/// connection takes them and no faster: it writes only while the channel is writable.
final class UploadWriter: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let head: String
    private var remaining: Int
    private let progress: BulkProgress
    private let inbox: Inbox
    private static let chunk: ByteBuffer = {
        var buffer = ByteBuffer()
        for index in 0..<65536 { buffer.writeInteger(UInt8(truncatingIfNeeded: index)) }
        return buffer
    }()

    init(head: String, total: Int, progress: BulkProgress, inbox: Inbox) {
        self.head = head
        self.remaining = total
        self.progress = progress
        self.inbox = inbox
    }

    func channelActive(context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(ByteBuffer(string: head)), promise: nil)
        pump(context: context)
        context.fireChannelActive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        pump(context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        inbox.append(unwrapInboundIn(data))
    }

    func channelInactive(context: ChannelHandlerContext) {
        inbox.close()
    }

    private func pump(context: ChannelHandlerContext) {
        while remaining > 0, context.channel.isWritable {
            let count = min(remaining, Self.chunk.readableBytes)
            remaining -= count
            progress.addSent(count)
            context.write(wrapOutboundOut(Self.chunk.getSlice(at: 0, length: count)!), promise: nil)
        }
        context.flush()
    }
}

/// Reads a download only while allowed: with auto-read off, nothing is read until
/// ``startReading()``, so the bytes pile up behind it and the router must hold back.
final class DownloadReader: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let progress: BulkProgress
    private var reading = false
    private var inBody = false
    private var bodyOffset = 0
    private var headBytes: [UInt8] = []

    init(progress: BulkProgress) {
        self.progress = progress
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        if !inBody {
            // The head is small: find its end in what came.
            headBytes += buffer.readableBytesView
            guard let end = Self.headEnd(headBytes) else { return }
            progress.setHead(String(decoding: headBytes[..<end], as: UTF8.self))
            var rest = ByteBuffer(bytes: headBytes[(end + 4)...])
            inBody = true
            headBytes = []
            count(&rest)
            return
        }
        count(&buffer)
    }

    private func count(_ buffer: inout ByteBuffer) {
        guard buffer.readableBytes > 0 else { return }
        let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self)!
        progress.addReceived(buffer.readableBytes, mismatch: first != UInt8(truncatingIfNeeded: bodyOffset))
        bodyOffset += buffer.readableBytes
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if reading { context.read() }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        reading = true
        context.read()
    }

    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }
}

/// Waits until `value` stops changing for `quiet` (the transfer is held back everywhere), up to
/// `deadline`; returns the value then. A condition with a deadline, not a sleep standing in for one.
func settledValue(quiet: Duration = .milliseconds(600), deadline: Duration = .seconds(60), _ value: () -> Int) async throws -> Int {
    let clock = ContinuousClock()
    let end = clock.now + deadline
    var last = value()
    var stableSince = clock.now
    while clock.now < end {
        try await Task.sleep(for: .milliseconds(50))
        let current = value()
        if current != last {
            last = current
            stableSince = clock.now
        } else if clock.now - stableSince >= quiet {
            return current
        }
    }
    return last
}

/// Waits until `condition` holds, up to `deadline`.
func eventually(deadline: Duration = .seconds(60), _ condition: () -> Bool) async throws -> Bool {
    let clock = ContinuousClock()
    let end = clock.now + deadline
    while clock.now < end {
        if condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return condition()
}

func connectBulk(port: Int, _ handler: @escaping @Sendable () -> any ChannelHandler, autoRead: Bool = true) async throws -> any Channel {
    try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .channelOption(.autoRead, value: autoRead)
        .channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(handler()) }
        }
        .connect(host: "127.0.0.1", port: port).get()
}
