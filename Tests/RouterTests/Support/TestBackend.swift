import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

@testable import Router

/// A real HTTP/1.1 server on loopback, standing in for one replica of a service.
///
/// It answers by path (see ``TestBackendHandler``) and can be stopped like a killed process:
/// its listener and every open connection close at once.
final class TestBackend: Sendable {
    let name: String
    let port: Int
    let control: BackendControl
    private let server: any Channel
    private let children: ChildTracker

    private init(name: String, port: Int, control: BackendControl, server: any Channel, children: ChildTracker) {
        self.name = name
        self.port = port
        self.control = control
        self.server = server
        self.children = children
    }

    var backend: Backend { Backend(host: "127.0.0.1", port: port, name: name) }

    static func start(name: String, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> TestBackend {
        let control = BackendControl()
        let tracker = ChildTracker()
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                tracker.add(channel)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers(
                        HTTPResponseEncoder(),
                        ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .forwardBytes)),
                        TestBackendHandler(name: name, control: control)
                    )
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return TestBackend(
            name: name, port: server.localAddress!.port!, control: control, server: server, children: tracker
        )
    }

    /// Stops as a killed process would: listener and connections closed, nothing answered.
    func stop() async {
        try? await server.close()
        let open = children.channels.withLock { $0 }
        for channel in open { try? await channel.close() }
    }
}

/// The accepted connections of a backend, so ``TestBackend/stop()`` can close them.
final class ChildTracker: Sendable {
    let channels = Mutex<[any Channel]>([])
    func add(_ channel: any Channel) { channels.withLock { $0.append(channel) } }
}

/// What a test can see of, and do to, a backend while it runs.
final class BackendControl: Sendable {
    private struct State {
        var requests = 0
        var uploadBytes = 0
        var downloadBytes = 0
        var lastHeaders: [(String, String)] = []
        var uploadPausedAfter: Int?
        var uploadChannel: (any Channel)?
        var waitingSSE: [@Sendable () -> Void] = []
        var sseReleased = false
    }

    private let state = Mutex(State())

    var requests: Int { state.withLock { $0.requests } }
    var uploadBytes: Int { state.withLock { $0.uploadBytes } }
    var downloadBytes: Int { state.withLock { $0.downloadBytes } }
    var lastHeaders: [(String, String)] { state.withLock { $0.lastHeaders } }

    func recordRequest(headers: [(String, String)]) {
        state.withLock {
            $0.requests += 1
            $0.lastHeaders = headers
        }
    }

    func addUpload(_ count: Int) { state.withLock { $0.uploadBytes += count } }
    func addDownload(_ count: Int) { state.withLock { $0.downloadBytes += count } }

    /// Uploads stop being read after `bytes` until ``resumeUploads()``.
    func pauseUploads(after bytes: Int) { state.withLock { $0.uploadPausedAfter = bytes } }
    var uploadPauseThreshold: Int? { state.withLock { $0.uploadPausedAfter } }

    func setUploadChannel(_ channel: any Channel) { state.withLock { $0.uploadChannel = channel } }

    func resumeUploads() {
        let channel = state.withLock { state -> (any Channel)? in
            state.uploadPausedAfter = nil
            return state.uploadChannel
        }
        channel?.pipeline.fireUserInboundEventTriggered(BackendEvent.resume)
    }

    /// Runs `next` once the test releases the server-sent events stream (now if already released).
    func afterSSERelease(_ next: @escaping @Sendable () -> Void) {
        let now = state.withLock { state -> Bool in
            if state.sseReleased { return true }
            state.waitingSSE.append(next)
            return false
        }
        if now { next() }
    }

    func releaseSSE() {
        let waiting = state.withLock { state in
            state.sseReleased = true
            defer { state.waitingSSE = [] }
            return state.waitingSSE
        }
        for next in waiting { next() }
    }
}

enum BackendEvent: Sendable {
    case resume
}
