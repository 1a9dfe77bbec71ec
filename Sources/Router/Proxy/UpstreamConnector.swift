import NIOCore
import NIOPosix

/// Opens connections to replicas, on one event loop: the one of the clients they serve.
struct UpstreamConnector {
    let eventLoop: any EventLoop
    let timeouts: RouterTimeouts
    let limits: RouterLimits

    /// A new connection to `slot`'s replica with its ``UpstreamHandler`` in place.
    func connect(_ slot: BackendSlot) -> EventLoopFuture<UpstreamHandler> {
        let bound = NIOLoopBound(slot, eventLoop: eventLoop)
        let idle = TimeAmount(timeouts.idle)
        let limits = limits
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(TimeAmount(timeouts.connect))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(UpstreamHandler(slot: bound.value, idleTimeout: idle, limits: limits))
                }
            }
        let connected: EventLoopFuture<any Channel>
        if let address = slot.address {
            connected = bootstrap.connect(to: address)
        } else {
            connected = bootstrap.connect(host: slot.backend.host, port: slot.backend.port)
        }
        return connected.flatMapThrowing { channel in
            try channel.pipeline.syncOperations.handler(type: UpstreamHandler.self)
        }
    }
}
