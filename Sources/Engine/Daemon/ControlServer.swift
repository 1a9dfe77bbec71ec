import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#endif

/// The daemon's control API: HTTP/1.1 with JSON bodies on `.devenv/<env>/control.sock` (mode 0600).
/// Each request is handled by `handler`; one bad connection never affects another.
struct ControlServer: ServiceLifecycle.Service {
    struct Request: Sendable {
        var method: HTTPMethod
        var path: String
        var body: ByteBuffer
    }

    struct Response: Sendable {
        var status: HTTPResponseStatus
        var body: Data
    }

    let socketPath: String
    let logger: Logger
    let handler: @Sendable (Request) async -> Response

    func run() async throws {
        let server = try await bindPrivately()
        logger.info("control socket at \(socketPath)")
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { await self.serve(connection) }
                    }
                }
            }
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
        }
        unlink(socketPath)
    }

    /// Binds the socket in a fresh 0700 directory beside `socketPath`, makes it 0600 there, then
    /// renames it into place (over a stale one): no one else can connect to it at any instant,
    /// whatever the umask. Bound through `ShortSocketPath`, so a deep project works too.
    private func bindPrivately() async throws -> NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never> {
        let parent = String(socketPath[..<(socketPath.lastIndex(of: "/") ?? socketPath.startIndex)])
        var template = Array("\(parent.isEmpty ? "." : parent)/.control-XXXXXX".utf8CString)
        guard let staging = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }).map({ String(cString: $0) }) else {
            throw ControlError("cannot create a directory for the control socket in \(parent): \(String(cString: strerror(errno)))")
        }
        defer { rmdir(staging) }
        let bound = staging + "/control.sock"
        let server = try await ShortSocketPath.with(bound) { path in
            try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: 64)
                .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: false) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                        return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                    }
                }
        }
        guard chmod(bound, 0o600) == 0, rename(bound, socketPath) == 0 else {
            let reason = String(cString: strerror(errno))
            try? await server.channel.close()
            unlink(bound)
            throw ControlError("cannot put the control socket at \(socketPath): \(reason)")
        }
        return server
    }

    private func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var head: HTTPRequestHead?
                var body = ByteBuffer()
                for try await part in inbound {
                    switch part {
                    case .head(let requestHead):
                        head = requestHead
                        body.clear()
                    case .body(var chunk):
                        body.writeBuffer(&chunk)
                    case .end:
                        guard let requestHead = head else { continue }
                        let response = await handler(Request(method: requestHead.method, path: requestHead.uri, body: body))
                        var headers = HTTPHeaders()
                        headers.add(name: "Content-Type", value: "application/json")
                        headers.add(name: "Content-Length", value: String(response.body.count))
                        headers.add(name: "Connection", value: "close")
                        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: response.status, headers: headers)))
                        try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: response.body))))
                        try await outbound.write(.end(nil))
                        return
                    }
                }
            }
        } catch {
            logger.debug("control connection ended: \(error)")
        }
    }
}
