import NIOCore

/// A request head as it came from the client: its bytes, and where in them the proxy finds what
/// it needs. Parsed once, strictly; nothing is copied out of the bytes.
struct RequestHead {
    enum Method { case get, head, connect, other }

    enum Framing: Equatable {
        case none
        case contentLength(Int)
        case chunked
        /// Refused with `400` and the connection closed; the reason goes to the access log.
        case invalid(String)
        /// A transfer coding other than `chunked`: `501`.
        case unsupported(String)
    }

    /// From the request line through the empty line.
    private(set) var bytes: ByteBuffer
    var method: Range<Int> = 0..<0
    var methodKind = Method.other
    var target: Range<Int> = 0..<0
    var isHTTP10 = false
    /// Where the header fields start: just past the request line.
    var fieldsStart = 0
    var framing = Framing.none
    var host: Range<Int>?
    var authorization: Range<Int>?
    var accept: Range<Int>?
    var requestID: Range<Int>?
    var expectsContinue = false
    /// The `Upgrade` value, when `Connection` lists `upgrade` too.
    var upgrade: Range<Int>?
    var keepAlive = true
    /// `Connection` names headers beyond keep-alive, close and upgrade: hop-by-hop too.
    var connectionListsFields = false
    /// A field the proxy does not pass on is present (hop-by-hop, `X-Forwarded-*`, `X-Request-Id`).
    var dropsFields = false

    /// Parses `bytes`, a complete head (see ``HeadBoundary``).
    init(_ bytes: ByteBuffer, maxFields: Int) throws(MalformedMessage) {
        self.bytes = bytes
        var head = self
        let failure = bytes.withUnsafeReadableBytes { raw -> MalformedMessage? in
            do throws(MalformedMessage) {
                try head.parse(raw, maxFields: maxFields)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
        self = head
    }

    /// Runs `body` over the head's bytes.
    @inline(__always)
    func withBytes<T>(_ body: (UnsafeRawBufferPointer) -> T) -> T {
        bytes.withUnsafeReadableBytes(body)
    }

    private mutating func parse(_ raw: UnsafeRawBufferPointer, maxFields: Int) throws(MalformedMessage) {
        var index = 0
        while index < raw.count, HTTPBytes.isToken(raw[index]) { index += 1 }
        guard index > 0, index < raw.count, raw[index] == HTTPBytes.space else { throw MalformedMessage("invalid method") }
        method = 0..<index
        methodKind = Self.kind(UnsafeRawBufferPointer(rebasing: raw[method]))
        index += 1
        let targetStart = index
        while index < raw.count, HTTPBytes.isTarget(raw[index]) { index += 1 }
        guard index > targetStart, index < raw.count, raw[index] == HTTPBytes.space else {
            throw MalformedMessage("invalid request target")
        }
        target = targetStart..<index
        index += 1
        guard let http10 = HTTPBytes.http1Version(raw, at: index), raw[index + 8] == HTTPBytes.cr, raw[index + 9] == HTTPBytes.lf
        else { throw MalformedMessage("not HTTP/1.0 or HTTP/1.1") }
        isHTTP10 = http10
        index += 10
        fieldsStart = index
        var contentLengths = 0, transferEncodings = 0
        var contentLength: Range<Int>?, transferEncoding: Range<Int>?
        var connection = ConnectionOptions()
        var upgradeValue: Range<Int>?
        var hosts = 0
        _ = try FieldLines.parse(raw, from: index, maxCount: maxFields) { (field: FieldLine) throws(MalformedMessage) in
            switch field.kind {
            case .other, .trailer:
                break
            case .contentLength:
                contentLengths += 1
                contentLength = field.value
            case .transferEncoding:
                transferEncodings += 1
                transferEncoding = field.value
            case .host:
                hosts += 1
                host = field.value
            case .authorization: authorization = field.value
            case .accept: accept = field.value
            case .expect: expectsContinue = HeaderKind.equal(UnsafeRawBufferPointer(rebasing: raw[field.value]), "100-continue")
            case .upgrade:
                upgradeValue = field.value
                dropsFields = true
            case .connection:
                dropsFields = true
                connection.add(UnsafeRawBufferPointer(rebasing: raw[field.value]))
            case .xRequestID:
                requestID = field.value
                dropsFields = true
            case .keepAlive, .proxyConnection, .te, .xForwardedFor, .xForwardedHost, .xForwardedPrefix, .xForwardedProto:
                dropsFields = true
            }
        }
        guard hosts <= 1 else { throw MalformedMessage("more than one Host") }
        connectionListsFields = connection.listsFields
        if connection.upgrade, let upgradeValue { upgrade = upgradeValue }
        keepAlive = connection.keepsAlive(http10: http10)
        framing = Self.framing(
            raw, contentLengths: contentLengths, contentLength: contentLength, transferEncodings: transferEncodings,
            transferEncoding: transferEncoding, http10: http10
        )
    }

    private static func kind(_ method: UnsafeRawBufferPointer) -> Method {
        switch method.count {
        case 3 where method[0] == UInt8(ascii: "G") && method[1] == UInt8(ascii: "E") && method[2] == UInt8(ascii: "T"): .get
        case 4 where method.elementsEqual("HEAD".utf8): .head
        case 7 where method.elementsEqual("CONNECT".utf8): .connect
        default: .other
        }
    }

    private static func framing(
        _ raw: UnsafeRawBufferPointer, contentLengths: Int, contentLength: Range<Int>?, transferEncodings: Int,
        transferEncoding: Range<Int>?, http10: Bool
    ) -> Framing {
        if contentLengths > 0 && transferEncodings > 0 { return .invalid("both Content-Length and Transfer-Encoding") }
        if contentLengths > 1 { return .invalid("duplicate Content-Length") }
        if transferEncodings > 1 { return .invalid("duplicate Transfer-Encoding") }
        if let transferEncoding {
            if http10 { return .invalid("Transfer-Encoding in an HTTP/1.0 request") }
            let value = UnsafeRawBufferPointer(rebasing: raw[transferEncoding])
            if HeaderKind.equal(value, "chunked") { return .chunked }
            if let last = HeaderKind.lastToken(value), HeaderKind.equal(last, "chunked") {
                return .unsupported("transfer coding other than chunked")
            }
            return .invalid("Transfer-Encoding does not end in chunked")
        }
        if let contentLength {
            guard let length = HTTPBytes.decimal(UnsafeRawBufferPointer(rebasing: raw[contentLength])) else {
                return .invalid("Content-Length is not a number")
            }
            return .contentLength(length)
        }
        return .none
    }
}
