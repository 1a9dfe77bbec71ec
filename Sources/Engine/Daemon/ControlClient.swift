import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The CLI's side of the control socket: one blocking HTTP request per call.
public struct ControlClient: Sendable {
    public let socketPath: String

    public init(socketPath: String) {
        self.socketPath = socketPath
    }

    public struct Response: Sendable {
        public var status: Int
        public var body: Data
    }

    /// Whether a daemon answers on the socket now.
    public func isAnswering() -> Bool {
        (try? request("GET", "/ping"))?.status == 200
    }

    /// Sends one request and reads the whole answer.
    /// - Throws: `ControlError` when nothing listens on the socket or the answer is cut short.
    public func request(_ method: String, _ path: String, body: Data = Data()) throws -> Response {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ControlError("cannot create a socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let connected = try ShortSocketPath.with(socketPath) { path in
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                raw.copyBytes(from: path.utf8)
                raw[path.utf8.count] = 0
            }
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
        }
        guard connected == 0 else { throw ControlError("no daemon answers on \(socketPath)") }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: devenv\r\nConnection: close\r\nContent-Length: \(body.count)\r\n"
        if !body.isEmpty { head += "Content-Type: application/json\r\n" }
        head += "\r\n"
        try writeAll(fd, Data(head.utf8) + body)
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            received.append(contentsOf: buffer[0..<count])
        }
        return try Self.parse(received)
    }

    private func writeAll(_ fd: Int32, _ data: Data) throws {
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { throw ControlError("the daemon closed the control connection") }
                offset += written
            }
        }
    }

    static func parse(_ data: Data) throws -> Response {
        let separator = Data("\r\n\r\n".utf8)
        guard let end = data.range(of: separator) else { throw ControlError("the daemon's answer was cut short") }
        let head = String(decoding: data[..<end.lowerBound], as: UTF8.self)
        let statusLine = head.split(separator: "\r\n").first ?? ""
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else { throw ControlError("the daemon's answer is not HTTP: \(statusLine)") }
        return Response(status: status, body: Data(data[end.upperBound...]))
    }
}

/// The control socket could not be used; the message says why.
public struct ControlError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
