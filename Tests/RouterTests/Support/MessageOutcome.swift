import NIOCore

@testable import Router

/// What a parser made of some bytes, in a form that does not depend on how they were split:
/// each message's head, its body bytes joined, its trailers; then the error, or what was left.
struct MessageOutcome: Equatable, CustomStringConvertible {
    var messages: [String] = []
    var error: String?

    var description: String { messages.joined(separator: " | ") + (error.map { " ! \($0)" } ?? "") }

    /// Feeds `bytes` to a request parser `step` bytes at a time.
    static func requests(_ bytes: [UInt8], step: Int, limits: RouterLimits = RouterLimits()) -> MessageOutcome {
        var parser = RequestParser(limits: limits)
        return run(bytes, step: step) { buffer throws(MalformedMessage) in
            try parser.next(&buffer).map { part in
                switch part {
                case .head(let head):
                    return .head(head.withBytes { raw in
                        "\(String(decoding: raw[head.method], as: UTF8.self)) \(String(decoding: raw[head.target], as: UTF8.self)) \(head.framing)"
                    })
                case .body(let body): return .body(body)
                case .end(let trailers): return .end(trailers)
                }
            }
        }
    }

    /// Feeds `bytes` to a response parser expecting `count` responses, `step` bytes at a time.
    static func responses(_ bytes: [UInt8], step: Int, count: Int = 2) -> MessageOutcome {
        var parser = ResponseParser(limits: RouterLimits())
        var expected = count
        parser.expectResponse(toHEAD: false)
        return run(bytes, step: step) { buffer throws(MalformedMessage) in
            if parser.isIdle, expected > 1 {
                expected -= 1
                parser.expectResponse(toHEAD: false)
            }
            return try parser.next(&buffer).map { part in
                switch part {
                case .head(let head): return .head("\(head.status) \(head.framing)")
                case .body(let body): return .body(body)
                case .end(let trailers): return .end(trailers)
                }
            }
        }
    }

    enum Piece {
        case head(String)
        case body(ByteBuffer)
        case end(ByteBuffer?)
    }

    private static func run(_ bytes: [UInt8], step: Int, _ next: (inout ByteBuffer) throws(MalformedMessage) -> Piece?) -> MessageOutcome {
        var outcome = MessageOutcome()
        var buffer = ByteBuffer()
        var current = ""
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + step)
            buffer.writeBytes(bytes[offset..<end])
            offset = end
            do {
                while let piece = try next(&buffer) {
                    switch piece {
                    case .head(let text): current = text + " body="
                    case .body(let body): current += String(buffer: body)
                    case .end(let trailers):
                        outcome.messages.append(current + (trailers.map { " trailers=" + String(buffer: $0) } ?? ""))
                        current = ""
                    }
                }
            } catch {
                outcome.error = error.reason
                return outcome
            }
        }
        if !current.isEmpty { outcome.messages.append(current + " (incomplete)") }
        return outcome
    }
}
