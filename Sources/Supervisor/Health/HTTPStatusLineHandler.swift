import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Sends one HTTP/1.1 request when the connection is up and settles `result` from the status
/// line of the answer: 200–399 is healthy, anything else (or no answer) is not. Reads nothing
/// past the status line; the probe closes the channel once `result` is settled.
final class HTTPStatusLineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// The longest status line read before the answer counts as not HTTP.
    static let maximumStatusLineLength = 4096

    private let request: [UInt8]
    private let target: String
    private let result: EventLoopPromise<ProbeResult>
    private var received: ByteBuffer?
    private var settled = false

    /// - Parameters:
    ///   - request: The whole request, head and blank line.
    ///   - target: `"GET http://host:port/path"`, the start of every reason.
    ///   - result: Settled once, with the verdict.
    init(request: [UInt8], target: String, result: EventLoopPromise<ProbeResult>) {
        self.request = request
        self.target = target
        self.result = result
    }

    func channelActive(context: ChannelHandlerContext) {
        let buffer = context.channel.allocator.buffer(bytes: request)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !settled else { return }
        var chunk = unwrapInboundIn(data)
        if received == nil {
            received = chunk
        } else {
            received!.writeBuffer(&chunk)
        }
        guard let buffer = received else { return }
        let bytes = buffer.readableBytesView
        if let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) {
            let line = String(decoding: bytes[..<newline], as: UTF8.self)
            settle(context, Self.verdict(statusLine: line, target: target))
        } else if bytes.count > Self.maximumStatusLineLength {
            settle(context, .unhealthy(reason: "\(target): the answer is not HTTP (no status line)"))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let reason =
            (received?.readableBytes ?? 0) == 0
            ? "connection closed without an answer"
            : "connection closed in the middle of the status line"
        settle(context, .unhealthy(reason: "\(target): \(reason)"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let reason: String
        if let error = error as? IOError {
            reason = error.errnoCode == ECONNRESET ? "connection reset" : "\(error)"
        } else {
            reason = "\(error)"
        }
        settle(context, .unhealthy(reason: "\(target): \(reason)"))
    }

    private func settle(_ context: ChannelHandlerContext, _ verdict: ProbeResult) {
        guard !settled else { return }
        settled = true
        received = nil
        result.succeed(verdict)
        context.close(promise: nil)
    }

    /// The verdict on a status line such as `HTTP/1.1 503 Service Unavailable`.
    static func verdict(statusLine: String, target: String) -> ProbeResult {
        var line = Substring(statusLine)
        if line.last == "\r" { line.removeLast() }
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), parts[1].count == 3,
            let code = Int(parts[1])
        else {
            let shown = ProbeText.oneLine(String(line), limit: 80)
            return .unhealthy(reason: "\(target): the answer is not HTTP: \(shown)")
        }
        if (200...399).contains(code) {
            return .healthy
        }
        let phrase = parts.count > 2 ? parts[2].trimmingPrefix(while: \.isWhitespace) : ""
        return .unhealthy(reason: phrase.isEmpty ? "\(target): \(code)" : "\(target): \(code) \(phrase)")
    }
}
