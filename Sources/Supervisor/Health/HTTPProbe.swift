import NIOCore
import NIOPosix

/// Healthy when `GET http://host:port/path` answers with a status from 200 to 399.
///
/// One short connection per check (`Connection: close`), on NIO: no thread and no Foundation
/// per check, so the daemon can run dozens a second. Only the status line is read; the
/// connection is closed as soon as it is in, when the deadline passes, or when the calling
/// task is cancelled, whichever comes first.
public struct HTTPProbe: HealthProbe {
    /// The host to connect to; an IP address needs no name lookup.
    public var host: String { endpoint.host }
    /// The port to connect to.
    public var port: Int { endpoint.port }
    /// The request path, such as `/health`.
    public let path: String
    private let endpoint: ProbeEndpoint
    private let eventLoopGroup: any EventLoopGroup
    /// `"GET http://127.0.0.1:40001/health"`, the start of every reason.
    private let target: String
    /// The whole request, head and blank line.
    private let request: [UInt8]

    /// - Parameters:
    ///   - host: The host to connect to; by default the loopback address.
    ///   - port: The port to connect to.
    ///   - path: The request path; a missing leading `/` is added.
    ///   - eventLoopGroup: Where the connection runs; by default NIO's shared group.
    public init(
        host: String = "127.0.0.1",
        port: Int,
        path: String,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        let path = path.hasPrefix("/") ? path : "/" + path
        self.endpoint = ProbeEndpoint(host: host, port: port)
        self.path = path
        self.eventLoopGroup = eventLoopGroup
        self.target = "GET http://\(endpoint.authority)\(path)"
        self.request = Array((
            "GET \(path) HTTP/1.1\r\n"
            + "Host: \(endpoint.authority)\r\n"
            + "User-Agent: devenv-health\r\n"
            + "Accept: */*\r\n"
            + "Connection: close\r\n\r\n").utf8)
    }

    public func check(timeout: Duration) async -> ProbeResult {
        let target = self.target
        let endpoint = self.endpoint
        let request = self.request
        let timedOut = ProbeResult.unhealthy(reason: "\(target): timed out after \(ProbeText.duration(timeout))")
        let cancelled = ProbeResult.unhealthy(reason: "\(target): cancelled")
        guard timeout > .zero else { return timedOut }
        // A loopback port: connected here, the exchange on the process's LoopbackProber thread.
        switch endpoint.preconnect() {
        case .refused:
            return .refused(reason: "\(target): connection refused to \(endpoint.authority)")
        case .connected(let socket):
            if let result = await LoopbackProber.shared.exchange(
                socket, request: request, target: target, deadline: .now + timeout, timedOut: timedOut, cancelled: cancelled) {
                return result
            }
            close(socket)
        case .onTheLoop:
            break
        }
        return await ProbeEndpoint.check(on: eventLoopGroup, timeout: timeout, timedOut: timedOut, cancelled: cancelled) { loop, result in
            let connected = endpoint.connect(on: loop, timeout: TimeAmount(timeout)) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = HTTPStatusLineHandler(request: request, target: target, result: result)
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
            connected.whenComplete { outcome in
                switch outcome {
                case .success(let channel):
                    // Whatever settles the result (the handler, the deadline, a cancel)
                    // closes the channel.
                    result.futureResult.whenComplete { _ in channel.close(promise: nil) }
                case .failure(let error):
                    let reason = endpoint.describe(connectError: error, timeout: timeout)
                    result.succeed(.unhealthy(reason: "\(target): \(reason)"))
                }
            }
        }
    }
}
