import NIOCore
import NIOPosix

/// Healthy when a TCP connection to `host:port` opens within the timeout. The connection is
/// closed at once; nothing is sent.
public struct TCPProbe: HealthProbe {
    /// The host to connect to; an IP address needs no name lookup.
    public var host: String { endpoint.host }
    /// The port to connect to.
    public var port: Int { endpoint.port }
    private let endpoint: ProbeEndpoint
    private let eventLoopGroup: any EventLoopGroup

    /// - Parameters:
    ///   - host: The host to connect to; by default the loopback address.
    ///   - port: The port to connect to.
    ///   - eventLoopGroup: Where the connection runs; by default NIO's shared group.
    public init(
        host: String = "127.0.0.1",
        port: Int,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.endpoint = ProbeEndpoint(host: host, port: port)
        self.eventLoopGroup = eventLoopGroup
    }

    public func check(timeout: Duration) async -> ProbeResult {
        let endpoint = self.endpoint
        let timedOut = ProbeResult.unhealthy(
            reason: "timed out after \(ProbeText.duration(timeout)) connecting to \(endpoint.authority)")
        let cancelled = ProbeResult.unhealthy(reason: "cancelled connecting to \(endpoint.authority)")
        guard timeout > .zero else { return timedOut }
        // A loopback port answers at once: connected or refused, without the event loop.
        switch endpoint.preconnect() {
        case .refused: return .refused(reason: "connection refused to \(endpoint.authority)")
        case .connected(let socket):
            close(socket)
            return .healthy
        case .onTheLoop: break
        }
        return await ProbeEndpoint.check(on: eventLoopGroup, timeout: timeout, timedOut: timedOut, cancelled: cancelled) { loop, result in
            endpoint.connect(on: loop, timeout: TimeAmount(timeout)).whenComplete { outcome in
                switch outcome {
                case .success(let channel):
                    result.succeed(.healthy)
                    channel.close(promise: nil)
                case .failure(let error):
                    result.succeed(.unhealthy(reason: endpoint.describe(connectError: error, timeout: timeout)))
                }
            }
        }
    }
}
