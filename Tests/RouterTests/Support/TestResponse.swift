import Foundation
import NIOCore

/// One HTTP response as a test reads it off the wire.
struct TestResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    /// The body was chunked on the wire.
    var wasChunked = false

    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The echo backend's `key=value` lines.
    var echo: [String: String] {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return values
    }

    /// Takes one response from the front of `buffer`, or nil while it is incomplete.
    static func parse(_ buffer: inout ByteBuffer, closed: Bool, toHEAD: Bool) -> TestResponse? {
        let bytes = Array(buffer.readableBytesView)
        guard let headEnd = find([13, 10, 13, 10], in: bytes, from: 0) else { return nil }
        let lines = String(decoding: bytes[..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
        var headers: [(String, String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var response = TestResponse(status: status, headers: headers, body: [])
        var index = headEnd + 4
        if toHEAD || status < 200 || status == 204 || status == 304 {
            // no body
        } else if response.header("transfer-encoding")?.lowercased() == "chunked" {
            response.wasChunked = true
            while true {
                guard let lineEnd = find([13, 10], in: bytes, from: index),
                    let size = Int(String(decoding: bytes[index..<lineEnd], as: UTF8.self).split(separator: ";")[0], radix: 16)
                else { return nil }
                index = lineEnd + 2
                if size == 0 {
                    guard let trailerEnd = find([13, 10], in: bytes, from: index) else { return nil }
                    index = trailerEnd + 2
                    break
                }
                guard bytes.count >= index + size + 2 else { return nil }
                response.body += bytes[index..<index + size]
                index += size + 2
            }
        } else if let length = response.header("content-length").flatMap({ Int($0) }) {
            guard bytes.count >= index + length else { return nil }
            response.body = Array(bytes[index..<index + length])
            index += length
        } else {
            guard closed else { return nil }
            response.body = Array(bytes[index...])
            index = bytes.count
        }
        buffer.moveReaderIndex(forwardBy: index)
        return response
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], Array(bytes[index..<index + needle.count]) == needle { return index }
            index += 1
        }
        return nil
    }
}
