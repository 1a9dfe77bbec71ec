import NIOCore

/// A replica's response head as it came: its bytes, and where in them the proxy finds what it
/// needs. Parsed once, strictly; nothing is copied out of the bytes.
struct ResponseHead {
    /// How the body after the head is delimited, on the replica's connection.
    enum Framing: Equatable {
        case none
        case contentLength(Int)
        case chunked
        /// The body ends where the connection does.
        case untilClose
    }

    /// From the status line through the empty line.
    private(set) var bytes: ByteBuffer
    var status = 0
    var reason: Range<Int> = 0..<0
    var fieldsStart = 0
    var framing = Framing.none
    /// The `Transfer-Encoding` value, if any.
    var transferEncoding: Range<Int>?
    var keepAlive = true
    var hasRequestID = false
    /// `Connection` names headers beyond keep-alive, close and upgrade: hop-by-hop too.
    var connectionListsFields = false
    /// A hop-by-hop field is present, which the router does not pass on.
    var dropsFields = false

    /// Parses `bytes`, a complete head; `bodyless` when the request was `HEAD`.
    init(_ bytes: ByteBuffer, maxFields: Int, toHEAD: Bool) throws(MalformedMessage) {
        self.bytes = bytes
        var head = self
        let failure = bytes.withUnsafeReadableBytes { raw -> MalformedMessage? in
            do throws(MalformedMessage) {
                try head.parse(raw, maxFields: maxFields, toHEAD: toHEAD)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
        self = head
    }

    /// Whether the status is informational but not `101` (`100 Continue`, `103 Early Hints`).
    var isInterim: Bool { status < 200 && status != 101 }

    private mutating func parse(_ raw: UnsafeRawBufferPointer, maxFields: Int, toHEAD: Bool) throws(MalformedMessage) {
        // HTTP/1.x SP 3DIGIT [SP reason] CRLF
        guard raw.count >= 14, let http10 = HTTPBytes.http1Version(raw, at: 0), raw[8] == HTTPBytes.space else {
            throw MalformedMessage("not an HTTP/1.x status line")
        }
        var index = 9
        var code = 0
        for offset in 0..<3 {
            let digit = raw[index + offset]
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { throw MalformedMessage("invalid status code") }
            code = code * 10 + Int(digit - UInt8(ascii: "0"))
        }
        guard code >= 100 else { throw MalformedMessage("invalid status code") }
        status = code
        index += 3
        if raw[index] == HTTPBytes.space { index += 1 }
        let reasonStart = index
        while index < raw.count, HTTPBytes.isFieldValue(raw[index]) { index += 1 }
        guard index + 1 < raw.count, raw[index] == HTTPBytes.cr, raw[index + 1] == HTTPBytes.lf else {
            throw MalformedMessage("invalid status line")
        }
        reason = reasonStart..<index
        fieldsStart = index + 2
        var contentLength: Int?
        var connection = ConnectionOptions()
        var lengths = 0
        _ = try FieldLines.parse(raw, from: fieldsStart, maxCount: maxFields) { (field: FieldLine) throws(MalformedMessage) in
            switch field.kind {
            case .contentLength:
                guard let length = HTTPBytes.decimal(UnsafeRawBufferPointer(rebasing: raw[field.value])),
                    contentLength == nil || contentLength == length
                else { throw MalformedMessage("invalid Content-Length") }
                contentLength = length
                lengths += 1
            case .transferEncoding:
                guard transferEncoding == nil else { throw MalformedMessage("duplicate Transfer-Encoding") }
                transferEncoding = field.value
                dropsFields = true
            case .connection:
                dropsFields = true
                connection.add(UnsafeRawBufferPointer(rebasing: raw[field.value]))
            case .xRequestID: hasRequestID = true
            case .keepAlive, .proxyConnection, .te, .upgrade: dropsFields = true
            default: break
            }
        }
        connectionListsFields = connection.listsFields
        keepAlive = connection.keepsAlive(http10: http10)
        if contentLength != nil, transferEncoding != nil { throw MalformedMessage("both Content-Length and Transfer-Encoding") }
        if toHEAD || code < 200 || code == 204 || code == 304 {
            framing = .none
        } else if let transferEncoding {
            let chunked = HeaderKind.lastToken(UnsafeRawBufferPointer(rebasing: raw[transferEncoding])).map { HeaderKind.equal($0, "chunked") }
            framing = chunked == true ? .chunked : .untilClose
        } else if let contentLength {
            framing = .contentLength(contentLength)
        } else {
            framing = .untilClose
        }
        if framing == .untilClose { keepAlive = false }
    }

}
