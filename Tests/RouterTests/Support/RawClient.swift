import NIOCore
import NIOPosix
import Synchronization

/// A client that writes raw bytes and reads raw bytes: what a smuggling test needs, and what
/// shows exactly what went over the wire.
final class RawClient: Sendable {
    let channel: any Channel
    let inbox: Inbox

    private init(channel: any Channel, inbox: Inbox) {
        self.channel = channel
        self.inbox = inbox
    }

    static func connect(port: Int, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> RawClient {
        let inbox = Inbox()
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(InboxHandler(inbox: inbox)) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return RawClient(channel: channel, inbox: inbox)
    }

    func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text))
    }

    func send(_ buffer: ByteBuffer) async throws {
        try await channel.writeAndFlush(buffer)
    }

    /// The next complete response (a `1xx` counts as one).
    func response(toHEAD: Bool = false, timeout: Duration = .seconds(10)) async throws -> TestResponse {
        try await inbox.take(timeout: timeout) { buffer, closed in TestResponse.parse(&buffer, closed: closed, toHEAD: toHEAD) }
    }

    /// Everything until the server closes the connection.
    func readToClose(timeout: Duration = .seconds(10)) async throws -> String {
        try await inbox.take(timeout: timeout) { buffer, closed in
            guard closed else { return nil }
            return buffer.readString(length: buffer.readableBytes) ?? ""
        }
    }

    /// Waits until `count` bytes have arrived and takes them.
    func read(count: Int, timeout: Duration = .seconds(10)) async throws -> [UInt8] {
        try await inbox.take(timeout: timeout) { buffer, _ in buffer.readBytes(length: count) }
    }

    func close() async {
        try? await channel.close()
    }
}

/// The bytes a ``RawClient`` received, and whoever waits for more.
final class Inbox: Sendable {
    struct TimedOut: Error, CustomStringConvertible {
        var received: String
        var description: String { "timed out; received so far: \(received.debugDescription)" }
    }

    private struct State {
        var buffer = ByteBuffer()
        var closed = false
        var version = 0
        var waiter: CheckedContinuation<Void, Never>?
        var expired = false
    }

    private let state = Mutex(State())

    func append(_ bytes: ByteBuffer) {
        update { $0.buffer.writeImmutableBuffer(bytes) }
    }

    func close() { update { $0.closed = true } }

    private func update(_ change: (inout State) -> Void) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            change(&state)
            state.version += 1
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Applies `body` to the received bytes until it returns a value, waiting for more bytes in
    /// between; throws ``TimedOut`` past `timeout`.
    func take<T: Sendable>(timeout: Duration, _ body: @escaping (inout ByteBuffer, Bool) -> T?) async throws -> T {
        state.withLock { $0.expired = false }
        let timer = Task {
            try await Task.sleep(for: timeout)
            self.update { $0.expired = true }
        }
        defer { timer.cancel() }
        while true {
            let (result, version, expired, received) = state.withLock { state in
                (body(&state.buffer, state.closed), state.version, state.expired, String(buffer: state.buffer))
            }
            if let result { return result }
            if expired { throw TimedOut(received: received) }
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Bool in
                    if state.version != version { return true }
                    state.waiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        }
    }
}

final class InboxHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let inbox: Inbox

    init(inbox: Inbox) { self.inbox = inbox }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        inbox.append(unwrapInboundIn(data))
    }

    func channelInactive(context: ChannelHandlerContext) {
        inbox.close()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
