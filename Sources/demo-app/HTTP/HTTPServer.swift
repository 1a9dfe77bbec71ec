import Dispatch
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A small HTTP/1.1 server: keep-alive, whole small bodies, one task per connection.
///
/// NIO's handlers parse HTTP and `RequestAggregator` assembles each request; the service answers
/// it over `NIOAsyncChannel`. A connection that misbehaves ends alone; the server goes on.
struct HTTPServer: Sendable {
    struct Configuration: Sendable {
        var host: String
        var port: Int
        /// Larger request bodies are answered `413`.
        var maximumBodySize: Int
        /// On SIGTERM, how long requests in flight may take to finish.
        var gracePeriod: Duration

        init(host: String = "127.0.0.1", port: Int, maximumBodySize: Int = 64 * 1024, gracePeriod: Duration = .seconds(8)) {
            self.host = host
            self.port = port
            self.maximumBodySize = maximumBodySize
            self.gracePeriod = gracePeriod
        }
    }

    let configuration: Configuration
    let service: any DemoService
    let log: Log

    /// Serves until SIGTERM or SIGINT, then lets the requests in flight finish (up to
    /// `gracePeriod`) and returns; the caller then exits.
    ///
    /// The accept loop is never cancelled and the listening socket stays open until the process
    /// exits: ending either can drop a connection NIO accepted but has not handed over yet, and
    /// such a connection traps on deinit (swift-nio#2637). Connections that come in while draining
    /// are served and closed after their first response.
    func run() async throws {
        let maximumBodySize = configuration.maximumBodySize
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .bind(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(RequestAggregator(maximumBodySize: maximumBodySize))
                    return try NIOAsyncChannel<Request, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                }
            }
        log.notice("listening on http://\(configuration.host):\(configuration.port)")

        let (stopRequests, stop) = AsyncStream<String>.makeStream()
        let signals = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.yield("signal \(number)") }
            source.resume()
            return source
        }
        defer { signals.forEach { $0.cancel() } }

        let drain = Drain()
        Task {
            do {
                try await withThrowingDiscardingTaskGroup { group in
                    try await server.executeThenClose { connections in
                        for try await connection in connections {
                            group.addTask { await self.serve(connection, drain: drain) }
                        }
                    }
                }
                stop.yield("the listening socket closed")
            } catch {
                stop.yield("the listening socket failed: \(error)")
            }
        }

        for await reason in stopRequests {
            log.notice("\(reason): stopping")
            break
        }
        drain.start()
        if !(await drain.finished(within: configuration.gracePeriod)) {
            log.warning("stopping with requests still in flight after \(configuration.gracePeriod)")
        }
    }

    private func serve(_ connection: NIOAsyncChannel<Request, HTTPServerResponsePart>, drain: Drain) async {
        // A closing connection's last request counts as in flight until the channel has closed,
        // so a stopping server never exits before that response is out.
        var inFlight = false
        do {
            try await connection.executeThenClose { inbound, outbound in
                for try await request in inbound {
                    drain.requestStarted()
                    inFlight = true
                    let started = ContinuousClock.now
                    let response = await respond(to: request)
                    log.info("\(request.method) \(request.path) \(response.status.code) \(started.duration(to: .now).milliseconds)ms")
                    let closing = !request.keepAlive || drain.isDraining
                    try await write(response, for: request, to: outbound, closing: closing)
                    if closing { return }
                    drain.requestFinished()
                    inFlight = false
                }
            }
        } catch {
            log.debug("connection ended: \(error)")
        }
        if inFlight { drain.requestFinished() }
    }

    /// The service's answer; `HEAD` is answered as `GET`, and `write` leaves out the body.
    private func respond(to request: Request) async -> Response {
        guard request.method == .HEAD else { return await service.respond(to: request) }
        var asGet = request
        asGet.method = .GET
        return await service.respond(to: asGet)
    }

    private func write(
        _ response: Response, for request: Request, to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>,
        closing: Bool
    ) async throws {
        var headers = response.headers
        let body = ByteBuffer(string: response.body)
        headers.replaceOrAdd(name: "Content-Length", value: String(body.readableBytes))
        if closing {
            headers.replaceOrAdd(name: "Connection", value: "close")
        } else if request.version.major == 1, request.version.minor == 0 {
            headers.replaceOrAdd(name: "Connection", value: "keep-alive")
        }
        var parts: [HTTPServerResponsePart] = [
            .head(HTTPResponseHead(version: request.version, status: response.status, headers: headers))
        ]
        if request.method != .HEAD, body.readableBytes > 0 { parts.append(.body(.byteBuffer(body))) }
        parts.append(.end(nil))
        try await outbound.write(contentsOf: parts)  // one write: the client may close once it has the body
    }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
