import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a network probe connects, and how it connects there on NIO under one deadline.
struct ProbeEndpoint: Sendable {
    let host: String
    let port: Int
    /// The address, parsed once, when `host` is an IP address: connecting then needs no resolver.
    let address: SocketAddress?
    /// `host:port` as reasons write it.
    let authority: String

    init(host: String, port: Int) {
        self.host = host
        self.port = port
        self.address = try? SocketAddress(ipAddress: host, port: port)
        self.authority = ProbeText.authority(host: host, port: port)
    }

    /// One check on a loop of `group`, settled once: `start` sets the probe going on the loop and
    /// settles `result`; the deadline settles it with `timedOut` (the connect timeout covers an
    /// address, this covers a name lookup and the exchange too), a cancel of the calling task
    /// with `cancelled`, whichever comes first.
    static func check(
        on group: any EventLoopGroup, timeout: Duration, timedOut: ProbeResult, cancelled: ProbeResult,
        _ start: @escaping @Sendable (_ loop: any EventLoop, _ result: EventLoopPromise<ProbeResult>) -> Void
    ) async -> ProbeResult {
        guard timeout > .zero else { return timedOut }
        let loop = group.next()
        let result = loop.makePromise(of: ProbeResult.self)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // Everything is set up in one hop onto the loop: each call from outside it
                // would wake the loop up on its own.
                loop.execute {
                    result.futureResult.whenSuccess { continuation.resume(returning: $0) }
                    let deadline = loop.scheduleTask(in: TimeAmount(timeout)) { result.succeed(timedOut) }
                    result.futureResult.whenComplete { _ in deadline.cancel() }
                    start(loop, result)
                }
            }
        } onCancel: {
            result.succeed(cancelled)
        }
    }

    /// Connects on `loop`, giving up after `timeout`; `initializer` sets up the pipeline first.
    func connect(
        on loop: any EventLoop,
        timeout: TimeAmount,
        initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void> = {
            $0.eventLoop.makeSucceededVoidFuture()
        }
    ) -> EventLoopFuture<any Channel> {
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(timeout)
            .channelInitializer(initializer)
        if let address {
            return bootstrap.connect(to: address)
        }
        return bootstrap.connect(host: host, port: port)
    }

    /// Why a connect failed, in words: `"connection refused to 127.0.0.1:40001"`.
    func describe(connectError error: any Error, timeout: Duration) -> String {
        if let error = error as? NIOConnectionError {
            if let dnsError = error.dnsAError ?? error.dnsAAAAError {
                return "cannot resolve \(host): \(dnsError)"
            }
            if let first = error.connectionErrors.first {
                return describe(connectError: first.error, timeout: timeout)
            }
            return "cannot connect to \(authority)"
        }
        if case .connectTimeout? = error as? ChannelError {
            return "timed out after \(ProbeText.duration(timeout)) connecting to \(authority)"
        }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return "connection refused to \(authority)"
            case ETIMEDOUT: return "timed out after \(ProbeText.duration(timeout)) connecting to \(authority)"
            default: return "cannot connect to \(authority): \(String(cString: strerror(error.errnoCode)))"
            }
        }
        return "cannot connect to \(authority): \(error)"
    }
}
