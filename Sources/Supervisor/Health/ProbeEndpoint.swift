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
