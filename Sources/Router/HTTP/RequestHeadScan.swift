import NIOHTTP1

/// What one pass over a request's headers found: the values the proxy needs, and whether the
/// message's framing is unambiguous.
///
/// The decoder already refuses most smuggling attempts; this repeats the checks that matter
/// (RFC 9112 §6.3) so the router's safety does not rest on one parser's defaults.
struct RequestHeadScan {
    enum Framing: Equatable {
        case none, contentLength, chunked
        /// Refused with `400` and the connection closed; the reason goes to the access log.
        case invalid(String)
        /// A transfer coding other than `chunked`: `501`.
        case unsupported(String)
    }

    var framing: Framing = .none
    var host: String?
    var authorization: String?
    var accept: String?
    var requestID: String?
    var expectsContinue = false
    /// `Connection: upgrade` together with an `Upgrade` header.
    var upgrade: String?
    /// Header names listed in `Connection` (beyond keep-alive, close, upgrade): hop-by-hop too.
    var connectionListed: [Substring] = []

    init(_ head: HTTPRequestHead) {
        var contentLengths = 0
        var transferEncodings = 0
        var transferEncoding: String?
        var connectionUpgrade = false
        var upgradeValue: String?
        for (name, value) in head.headers {
            switch HeaderKind(name) {
            case .other, .keepAlive, .proxyConnection, .te, .trailer, .xForwardedFor, .xForwardedHost,
                .xForwardedPrefix, .xForwardedProto:
                break
            case .contentLength:
                contentLengths += 1
            case .transferEncoding:
                transferEncodings += 1
                transferEncoding = value
            case .host: host = value
            case .authorization: authorization = value
            case .accept: accept = value
            case .xRequestID: requestID = value
            case .expect: expectsContinue = HeaderKind.equal(value, "100-continue")
            case .upgrade: upgradeValue = value
            case .connection:
                HeaderKind.forEachToken(value) { token in
                    if HeaderKind.equal(token, "upgrade") {
                        connectionUpgrade = true
                    } else if !HeaderKind.equal(token, "keep-alive"), !HeaderKind.equal(token, "close") {
                        connectionListed.append(token)
                    }
                }
            }
        }
        if connectionUpgrade, let upgradeValue { upgrade = upgradeValue }
        framing = Self.framing(
            contentLengths: contentLengths, transferEncodings: transferEncodings,
            transferEncoding: transferEncoding, version: head.version
        )
    }

    private static func framing(contentLengths: Int, transferEncodings: Int, transferEncoding: String?, version: HTTPVersion) -> Framing {
        if contentLengths > 0 && transferEncodings > 0 { return .invalid("both Content-Length and Transfer-Encoding") }
        if contentLengths > 1 { return .invalid("duplicate Content-Length") }
        if transferEncodings > 1 { return .invalid("duplicate Transfer-Encoding") }
        if let transferEncoding {
            if version.major == 1 && version.minor == 0 { return .invalid("Transfer-Encoding in an HTTP/1.0 request") }
            guard HeaderKind.equal(transferEncoding, "chunked") else {
                var codings: [Substring] = []
                HeaderKind.forEachToken(transferEncoding) { codings.append($0) }
                if let last = codings.last, HeaderKind.equal(last, "chunked") {
                    return .unsupported("transfer coding other than chunked")
                }
                return .invalid("Transfer-Encoding does not end in chunked")
            }
            return .chunked
        }
        return contentLengths == 1 ? .contentLength : .none
    }

    /// Whether a client's `X-Request-Id` is kept: 1 to 128 visible ASCII characters.
    static func isUsableRequestID(_ value: String) -> Bool {
        let count = value.utf8.count
        guard count > 0, count <= 128 else { return false }
        return value.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
    }
}
