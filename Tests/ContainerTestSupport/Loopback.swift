import Foundation
import Glibc

/// Plain-socket helpers for reaching a container's server on 127.0.0.1.
public enum Loopback {
    /// A TCP port that was free on 127.0.0.1 a moment ago (bind to 0, read it, close).
    /// - Throws: `NoFreePort` when the kernel gives none.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw NoFreePort() }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    public struct NoFreePort: Error, CustomStringConvertible {
        public var description: String { "cannot find a free port on 127.0.0.1" }
    }

    /// The body of `GET path` from 127.0.0.1:`port` (HTTP/1.0), `nil` when nothing answers
    /// within `timeout`.
    public static func get(port: Int, path: String = "/", timeout: Duration = .seconds(1)) -> String? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let (seconds, attoseconds) = timeout.components
        var limit = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return nil }
        let request = Array("GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        guard send(fd, request, request.count, Int32(MSG_NOSIGNAL)) == request.count else { return nil }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count > 0 { response += buffer[..<count]; continue }
            if count == 0 { break }
            return nil  // timed out or failed before the end
        }
        let text = String(decoding: response, as: UTF8.self)
        guard text.hasPrefix("HTTP/"), let split = text.range(of: "\r\n\r\n") else { return nil }
        return String(text[split.upperBound...])
    }

    /// Waits until `GET /` on `port` answers, up to `timeout`; the body, or `nil`.
    public static func waitForHTTP(port: Int, timeout: Duration = .seconds(10)) async -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let body = get(port: port, timeout: .milliseconds(500)) { return body }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }
}
