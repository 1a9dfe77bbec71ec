import NIOCore

/// A piece of an HTTP message as the parsers hand it over: the head, a slice of body, the end.
enum MessagePart<Head> {
    case head(Head)
    case body(ByteBuffer)
    /// The message is complete; the trailer field lines of a chunked body (CRLF after each), if any.
    case end(trailers: ByteBuffer?)

    init(_ event: BodyDecoder.Event) {
        switch event {
        case .data(let data): self = .body(data)
        case .end(let trailers): self = .end(trailers: trailers)
        }
    }

    var isEnd: Bool {
        if case .end = self { return true }
        return false
    }
}

extension BodyDecoder {
    /// The next piece of the body as a message part, or nil when more bytes are needed.
    mutating func nextPart<Head>(_ buffer: inout ByteBuffer) throws(MalformedMessage) -> MessagePart<Head>? {
        try next(&buffer).map(MessagePart.init)
    }
}

extension ByteBuffer {
    /// Adds bytes just read to those not parsed yet: takes them as they are when there are none.
    mutating func append(read bytes: ByteBuffer) {
        if readableBytes == 0 {
            self = bytes
        } else {
            var bytes = bytes
            writeBuffer(&bytes)
        }
    }
}

extension HeadBoundary {
    /// The complete head at the front of `buffer`, taken off it; nil while more is needed.
    mutating func take(from buffer: inout ByteBuffer, limit: Int) throws(MalformedMessage) -> ByteBuffer? {
        var boundary = self
        let length = try buffer.withUnsafeReadableBytes { raw in
            Result { () throws(MalformedMessage) in try boundary.find(in: raw, limit: limit) }
        }.get()
        self = boundary
        return length.map { buffer.readSlice(length: $0)! }
    }
}
