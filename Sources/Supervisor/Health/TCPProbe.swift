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
        guard timeout > .zero else { return timedOut }
        let loop = eventLoopGroup.next()
        let result = loop.makePromise(of: ProbeResult.self)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // One hop onto the loop for all of the set-up (see `HTTPProbe`).
                loop.execute {
                    result.futureResult.whenSuccess { continuation.resume(returning: $0) }
                    // The connect timeout covers an address; this covers a name lookup too.
                    let deadline = loop.scheduleTask(in: TimeAmount(timeout)) { result.succeed(timedOut) }
                    result.futureResult.whenComplete { _ in deadline.cancel() }
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
        } onCancel: {
            result.succeed(.unhealthy(reason: "cancelled connecting to \(endpoint.authority)"))
        }
    }
}
