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
    /// Whether `address` is a loopback one, where `preconnect` connects.
    let isLoopback: Bool

    init(host: String, port: Int) {
        self.host = host
        self.port = port
        self.address = try? SocketAddress(ipAddress: host, port: port)
        self.authority = ProbeText.authority(host: host, port: port)
        self.isLoopback = address.map(Self.isLoopback) ?? false
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

    /// A connect to a loopback address, made right here: a loopback handshake takes microseconds.
    enum Preconnect {
        /// Nothing listens: the probe fails without going to the loop at all.
        case refused
        /// Connected: the socket (non-blocking) is the caller's.
        case connected(Int32)
        /// Not loopback, or not settled at once: the loop connects as usual.
        case onTheLoop
    }

    /// Connects to a loopback address on the calling thread, waiting at most a millisecond for
    /// the handshake. While a starting server is not listening yet, a probe then costs a few
    /// system calls instead of a channel set up on the loop and torn down again, so probes can
    /// come often at start-up.
    func preconnect() -> Preconnect {
        guard let address, isLoopback else { return .onTheLoop }
        let family = address.protocol == .inet ? AF_INET : AF_INET6
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .onTheLoop }
        var code: Int32 = address.withSockAddr { Glibc.connect(fd, $0, socklen_t($1)) } == 0 ? 0 : errno
        if code == EINPROGRESS {
            var ready = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            if poll(&ready, 1, 1) == 1 {
                var length = socklen_t(MemoryLayout<Int32>.size)
                if getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length) != 0 { code = errno }
            }
        }
        if code == 0 { return .connected(fd) }
        close(fd)
        return code == ECONNREFUSED ? .refused : .onTheLoop
    }

    private static func isLoopback(_ address: SocketAddress) -> Bool {
        switch address.protocol {
        case .inet: return address.ipAddress?.hasPrefix("127.") == true
        case .inet6: return address.ipAddress == "::1"
        default: return false
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
