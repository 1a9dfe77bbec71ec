import Foundation
import NIOCore
import NIOPosix
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP-ish server on 127.0.0.1 and a port the kernel picks, for the probe tests. It
/// reads a request head and answers as `behavior` says; it records what it received and how
/// many connections it saw open and close.
final class ProbeTestServer: Sendable {
    enum Behavior: Sendable {
        /// Writes these chunks (one flush each) after the request head, then closes.
        case respond([String])
        /// Accepts and reads, never answers, never closes.
        case silent
        /// Closes each connection as soon as it is accepted.
        case closeAtOnce
    }

    /// What the server saw.
    final class Log: Sendable {
        private struct State {
            var heads: [String] = []
            var opened = 0
            var closed = 0
        }
        private let state = Mutex(State())

        var heads: [String] { state.withLock { $0.heads } }
        var opened: Int { state.withLock { $0.opened } }
        var closed: Int { state.withLock { $0.closed } }
        func record(head: String) { state.withLock { $0.heads.append(head) } }
        func opened(_ delta: Int) { state.withLock { $0.opened += delta } }
        func closed(_ delta: Int) { state.withLock { $0.closed += delta } }
    }

    let channel: any Channel
    let port: Int
    let log: Log

    private init(channel: any Channel, log: Log) {
        self.channel = channel
        self.port = channel.localAddress!.port!
        self.log = log
    }

    /// A server answering `status` (e.g. `"200 OK"`) with a short body and `extraHeaders`.
    static func answering(
        _ status: String, extraHeaders: String = "", group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> ProbeTestServer {
        let response =
            "HTTP/1.1 \(status)\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\(extraHeaders)"
            + "Connection: close\r\n\r\nok"
        return try await start(.respond([response]), group: group)
    }

    static func start(
        _ behavior: Behavior, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> ProbeTestServer {
        let log = Log()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(behavior: behavior, log: log))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return ProbeTestServer(channel: channel, log: log)
    }

    func stop() async throws {
        try await channel.close()
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let behavior: Behavior
        let log: Log
        var received = ""
        var answered = false

        init(behavior: Behavior, log: Log) {
            self.behavior = behavior
            self.log = log
        }

        func channelActive(context: ChannelHandlerContext) {
            log.opened(1)
            if case .closeAtOnce = behavior { context.close(promise: nil) }
        }

        func channelInactive(context: ChannelHandlerContext) {
            log.closed(1)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            received += buffer.readString(length: buffer.readableBytes) ?? ""
            guard !answered, let end = received.range(of: "\r\n\r\n") else { return }
            answered = true
            log.record(head: String(received[..<end.lowerBound]))
            guard case .respond(let chunks) = behavior else { return }
            for chunk in chunks {
                context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: chunk)), promise: nil)
            }
            context.close(promise: nil)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}

/// Polls `condition` until it holds or `timeout` passes; whether it held.
func probeEventually(
    timeout: Duration = .seconds(5), _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return try await condition()
}

/// How long `body` takes, and what it returns.
func probeTimed<T>(_ body: () async throws -> T) async rethrows -> (T, Duration) {
    let start = ContinuousClock.now
    let value = try await body()
    return (value, ContinuousClock.now - start)
}

@Suite struct ProbeServerTests {
    @Test func theTestServerAnswersAndCountsConnections() async throws {
        let server = try await ProbeTestServer.answering("200 OK")
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: server.port).get()
        try await channel.writeAndFlush(channel.allocator.buffer(string: "GET / HTTP/1.1\r\n\r\n"))
        try await channel.closeFuture.get()
        #expect(await probeEventually { server.log.closed == 1 })
        #expect(server.log.heads == ["GET / HTTP/1.1"])
        try await server.stop()
    }
}
