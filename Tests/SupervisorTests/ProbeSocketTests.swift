#if canImport(Glibc)
import Glibc
#endif
import Testing

/// A port on 127.0.0.1 that refuses connections: a socket is bound to it but does not listen.
/// Holding it keeps tests running in parallel from binding the port meanwhile.
struct ProbeClosedPort {
    let port: Int
    private let socket: ProbeRawSocket

    init() throws {
        socket = try ProbeRawSocket.bound()
        port = socket.port
    }

    func close() { socket.close() }
}

/// A listening socket on 127.0.0.1 whose accept queue is full (backlog 0, one connection
/// waiting, never accepted): the kernel drops further SYNs, so a connect hangs.
struct ProbeFullListener {
    let port: Int
    private let listener: ProbeRawSocket
    private let filler: Int32

    init() throws {
        let listener = try ProbeRawSocket.bound()
        guard listen(listener.descriptor, 0) == 0 else { throw ProbeRawSocket.Failure("listen", errno) }
        let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = ProbeRawSocket.loopback(port: listener.port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(filler, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else { throw ProbeRawSocket.Failure("connect", errno) }
        self.listener = listener
        self.filler = filler
        self.port = listener.port
    }

    func close() {
        _ = Glibc.close(filler)
        listener.close()
    }
}

/// A TCP socket bound to 127.0.0.1 and a port the kernel picks.
struct ProbeRawSocket {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ call: String, _ code: Int32) { description = "\(call): \(String(cString: strerror(code)))" }
    }

    let descriptor: Int32
    let port: Int

    static func bound() throws -> ProbeRawSocket {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure("socket", errno) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else {
            let code = errno
            _ = Glibc.close(descriptor)
            throw Failure("bind", code)
        }
        return ProbeRawSocket(descriptor: descriptor, port: Int(UInt16(bigEndian: address.sin_port)))
    }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return address
    }

    func close() { _ = Glibc.close(descriptor) }
}

@Suite struct ProbeSocketTests {
    @Test func aBoundPortThatDoesNotListenRefusesConnections() throws {
        let closed = try ProbeClosedPort()
        defer { closed.close() }
        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { _ = Glibc.close(client) }
        var address = ProbeRawSocket.loopback(port: closed.port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        #expect(result == -1 && errno == ECONNREFUSED)
    }
}
