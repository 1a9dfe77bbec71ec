import NIOCore
import NIOHTTP1
import NIOPosix

/// Opens connections to replicas, on one event loop: the one of the clients they serve.
struct UpstreamConnector {
    let eventLoop: any EventLoop
    let timeouts: RouterTimeouts

    /// A new connection to `slot`'s replica with its HTTP handlers and ``UpstreamHandler`` in place.
    func connect(_ slot: BackendSlot) -> EventLoopFuture<UpstreamHandler> {
        let bound = NIOLoopBound(slot, eventLoop: eventLoop)
        let idle = TimeAmount(timeouts.idle)
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(TimeAmount(timeouts.connect))
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = UpstreamHandler(slot: bound.value, idleTimeout: idle)
                    let decoder = HTTPResponseDecoder(leftOverBytesStrategy: .forwardBytes, informationalResponseStrategy: .forward)
                    try channel.pipeline.syncOperations.addHandlers(
                        UpstreamWire(),
                        ByteToMessageHandler(decoder),
                        handler
                    )
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
