import Logging
import NIOCore
import NIOPosix
import Synchronization

/// The reverse-proxy path router: one origin, path-routed to services, balanced over their
/// healthy replicas.
///
/// Each client connection, and the upstream connections that serve it, live on one event loop;
/// each loop has its own copy of the membership and its own connection pools, so requests take
/// no lock. Membership changes with ``setBackends(service:_:)`` at any time.
public final class Router: Sendable {
    public let configuration: RouterConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let directory = BackendDirectory()
    private let activity = RouterActivity()
    private let census = UpstreamCensus()
    private let wakeRequests = WakeRequests()
    private let routes: RouteTable
    private let state = Mutex(State())

    private struct State {
        var server: (any Channel)?
        var accessLog: AccessLogFile?
        var loops: [ObjectIdentifier: LoopContext] = [:]
        var started = false
        var stopped = false
    }

    /// - Parameters:
    ///   - configuration: Where to listen, the routes, the timeouts and limits.
    ///   - eventLoopGroup: Where connections run; by default NIO's shared group.
    ///   - logger: For what goes wrong outside a request (the access log has the requests).
    public init(
        configuration: RouterConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.routes = RouteTable(configuration.routes)
    }

    /// Opens the access log and starts listening.
    /// - Returns: The bound port: the configured one, or the one chosen for port `0`.
    /// - Throws: ``RouterError`` when the address cannot be bound or the log cannot be opened.
    public func start() async throws -> Int {
        try state.withLock { state throws(RouterError) in
            guard !state.started, !state.stopped else {
                throw RouterError(code: .invalidState, message: "the router was already started")
            }
            state.started = true
        }
        let accessLog = try configuration.accessLogPath.map { path throws(RouterError) in
            try AccessLogFile(path: path, logger: logger)
        }
        var loops: [ObjectIdentifier: LoopContext] = [:]
        for eventLoop in eventLoopGroup.makeIterator() {
            loops[ObjectIdentifier(eventLoop)] = makeLoopContext(eventLoop, accessLog: accessLog)
        }
        let contexts = loops
        state.withLock {
            $0.accessLog = accessLog
            $0.loops = contexts
        }
        let bootstrap = ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    let loop = contexts[ObjectIdentifier(channel.eventLoop)] ?? self.adoptLoop(channel.eventLoop)
                    try channel.pipeline.syncOperations.addHandler(ClientHandler(loop: loop))
                }
            }
        let server: any Channel
        do {
            server = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        } catch {
            await accessLog?.close()
            throw RouterError(
                code: .bindFailed,
                message: "the router cannot listen on \(configuration.host):\(configuration.port): \(error); "
                    + "choose another router.port or stop what holds it",
                underlying: error
            )
        }
        state.withLock { $0.server = server }
        let port = server.localAddress?.port ?? configuration.port
        logger.info("router listening", metadata: ["address": "\(configuration.host):\(port)", "routes": "\(routes.entries.count)"])
        return port
    }

    /// Replaces the healthy replicas of `service`; an empty list leaves it with none (`503`).
    /// Cheap and thread-safe: each event loop picks the change up at its next request.
    public func setBackends(service: String, _ backends: [Backend]) {
        directory.set(service: service, backends)
    }

    /// How many connections the router holds open to `backend`, in use or pooled, once every
    /// event loop has taken the latest membership in (so a replica just taken out of rotation
    /// has its pooled connections closed, and no loop picks it again). Zero for a replica out of
    /// rotation means drained: every request sent to it was answered.
    public func openConnections(to backend: Backend) async -> Int {
        let loops = state.withLock { Array($0.loops.values) }
        for loop in loops {
            try? await loop.eventLoop.submit { loop.refreshIfStale() }.get()
        }
        return census.count(backend)
    }

    /// The count as it stands, without waiting for the event loops.
    public func openConnectionsNow(to backend: Backend) -> Int {
        census.count(backend)
    }

    /// How long nothing has been routed and nothing is open (requests in flight, WebSockets);
    /// zero while anything is.
    public var idle: Duration { activity.idle }

    /// Counts as activity now: idle time starts again (an environment brought back by hand).
    public func noteActivity() {
        activity.began()
        activity.ended()
    }

    /// Sets why the environment serves nothing now (`dev is paused: run devenv resume dev`), or
    /// clears it: a request that finds no replica then gets that, with `Retry-After`.
    public func setNotice(_ notice: String?) {
        if notice != nil { wakeRequests.reset() }
        directory.setNotice(notice)
    }

    /// The environment serves again after a wake: requests that find no replica are no longer held.
    public func wakeSettled() {
        wakeRequests.reset()
    }

    /// `wake_on_request`: a request that finds the environment paused or asleep calls `wake`
    /// (once per time asleep) and is held until a replica takes it, 30 s at most; nil: it gets
    /// the notice's 503 at once.
    public func setWakeOnRequest(_ wake: (@Sendable () -> Void)?) {
        wakeRequests.set(wake)
    }

    /// Stops listening, closes every connection and writes what the access log holds.
    public func shutdown() async throws {
        let (server, accessLog, loops) = state.withLock { state in
            state.stopped = true
            defer {
                state.server = nil
                state.accessLog = nil
            }
            return (state.server, state.accessLog, state.loops)
        }
        try? await server?.close()
        for loop in loops.values {
            try? await loop.eventLoop.submit { loop.closeAll() }.get()
        }
        await accessLog?.close()
    }

    /// Hands every event loop's pending access log lines to the file and waits until written.
    func flushAccessLog() async {
        let (accessLog, loops) = state.withLock { ($0.accessLog, $0.loops) }
        guard let accessLog else { return }
        for loop in loops.values {
            try? await loop.eventLoop.submit { loop.accessLog?.flush() }.get()
        }
        await accessLog.drain(on: eventLoopGroup.any())
    }

    private func makeLoopContext(_ eventLoop: any EventLoop, accessLog: AccessLogFile?) -> LoopContext {
        LoopContext(
            eventLoop: eventLoop, routes: routes, directory: directory, census: census, activity: activity,
            wakeRequests: wakeRequests,
            timeouts: configuration.timeouts,
            limits: configuration.limits, accessLog: accessLog
        )
    }

    /// A loop the group did not list when started (a group that hands out new loops): kept from now on.
    private func adoptLoop(_ eventLoop: any EventLoop) -> LoopContext {
        state.withLock { state in
            if let loop = state.loops[ObjectIdentifier(eventLoop)] { return loop }
            let loop = makeLoopContext(eventLoop, accessLog: state.accessLog)
            state.loops[ObjectIdentifier(eventLoop)] = loop
            return loop
        }
    }
}
