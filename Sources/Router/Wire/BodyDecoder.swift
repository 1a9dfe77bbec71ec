import NIOCore

/// Reads a message body off the front of a buffer, in its framing, as slices of that buffer:
/// nothing is copied. Chunked framing is parsed strictly (RFC 9112 §7.1): hex sizes that fit,
/// CRLF after every line and every chunk's data, valid extensions and trailer fields.
struct BodyDecoder {
    enum Framing {
        case length(Int)
        case chunked
        /// The body ends where the connection does: see ``finish()``.
        case untilClose
    }

    enum Event {
        case data(ByteBuffer)
        /// The body is complete; the trailer field lines (CRLF after each), if any.
        case end(trailers: ByteBuffer?)
    }

    private enum State {
        case length(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers(HeadBoundary)
        case untilClose
        case done
    }

    /// The longest chunk-size line, extensions included.
    static let maxChunkLine = 4096

    private var state: State
    private let maxTrailerBytes: Int
    private let maxTrailerFields: Int

    init(_ framing: Framing, maxTrailerBytes: Int, maxTrailerFields: Int) {
        switch framing {
        case .length(let length): state = .length(remaining: length)
        case .chunked: state = .chunkSize
        case .untilClose: state = .untilClose
        }
        self.maxTrailerBytes = maxTrailerBytes
        self.maxTrailerFields = maxTrailerFields
    }

    var isDone: Bool {
        if case .done = state { return true }
        return false
    }

    /// The body's end, when it is delimited by the connection's: nil when it was cut short.
    mutating func finish() -> Event? {
        guard case .untilClose = state else { return nil }
        state = .done
        return .end(trailers: nil)
    }

    /// The next piece of the body from the front of `buffer`, or nil when more bytes are needed.
    mutating func next(_ buffer: inout ByteBuffer) throws(MalformedMessage) -> Event? {
        while true {
            switch state {
            case .length(let remaining):
                if remaining == 0 {
                    state = .done
                    return .end(trailers: nil)
                }
                guard buffer.readableBytes > 0 else { return nil }
                let count = min(remaining, buffer.readableBytes)
                state = .length(remaining: remaining - count)
                return .data(buffer.readSlice(length: count)!)
            case .untilClose:
                guard buffer.readableBytes > 0 else { return nil }
                return .data(buffer.readSlice(length: buffer.readableBytes)!)
            case .chunkData(let remaining):
                guard buffer.readableBytes > 0 else { return nil }
                let count = min(remaining, buffer.readableBytes)
                state = count == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - count)
                return .data(buffer.readSlice(length: count)!)
            case .chunkDataEnd:
                guard buffer.readableBytes >= 2 else { return nil }
                guard buffer.readInteger(as: UInt16.self) == UInt16(HTTPBytes.cr) << 8 | UInt16(HTTPBytes.lf) else {
                    throw MalformedMessage("chunk data not followed by CRLF")
                }
                state = .chunkSize
            case .chunkSize:
                guard let size = try Self.chunkSize(&buffer) else { return nil }
                state = size == 0 ? .trailers(HeadBoundary()) : .chunkData(remaining: size)
            case .trailers(var boundary):
                return try trailers(&buffer, boundary: &boundary)
            case .done:
                return nil
            }
        }
    }

    private mutating func trailers(_ buffer: inout ByteBuffer, boundary: inout HeadBoundary) throws(MalformedMessage) -> Event? {
        guard buffer.readableBytes >= 2 else { return nil }
        let view = buffer.readableBytesView
        if view[view.startIndex] == HTTPBytes.cr {
            guard view[view.startIndex + 1] == HTTPBytes.lf else { throw MalformedMessage("bare CR after the last chunk") }
            buffer.moveReaderIndex(forwardBy: 2)
            state = .done
            return .end(trailers: nil)
        }
        let limit = maxTrailerBytes, fields = maxTrailerFields
        let found = try buffer.withUnsafeReadableBytes { raw in
            Result { () throws(MalformedMessage) -> Int? in
                guard let length = try boundary.find(in: raw, limit: limit) else { return nil }
                _ = try FieldLines.parse(UnsafeRawBufferPointer(rebasing: raw[0..<length]), from: 0, maxCount: fields) { _ in }
                return length
            }
        }.get()
        guard let found else {
            state = .trailers(boundary)
            return nil
        }
        let lines = buffer.readSlice(length: found - 2)!
        buffer.moveReaderIndex(forwardBy: 2)
        state = .done
        return .end(trailers: lines)
    }

    /// Reads a chunk-size line: hex digits, optional extensions, CRLF. Nil until it is all there.
    private static func chunkSize(_ buffer: inout ByteBuffer) throws(MalformedMessage) -> Int? {
        let parsed = buffer.withUnsafeReadableBytes { raw -> Result<(size: Int, length: Int)?, MalformedMessage> in
            var index = 0
            var size = 0
            while index < raw.count, let digit = HTTPBytes.hexValue(raw[index]) {
                guard index < 15 else { return .failure(MalformedMessage("chunk size too large")) }
                size = size << 4 | digit
                index += 1
            }
            guard index < raw.count else {
                return raw.count > maxChunkLine ? .failure(MalformedMessage("chunk size line too long")) : .success(nil)
            }
            guard index > 0 else { return .failure(MalformedMessage("invalid chunk size")) }
            // chunk-ext: BWS ";" and then visible bytes, spaces and tabs up to CRLF.
            var sawExtension = false
            while index < raw.count, raw[index] != HTTPBytes.cr {
                let byte = raw[index]
                if byte == UInt8(ascii: ";") {
                    sawExtension = true
                } else if !(byte == HTTPBytes.space || byte == HTTPBytes.tab || (sawExtension && HTTPBytes.isFieldValue(byte))) {
                    return .failure(MalformedMessage("invalid chunk extension"))
                }
                index += 1
                if index > maxChunkLine { return .failure(MalformedMessage("chunk size line too long")) }
            }
            guard index + 1 < raw.count else { return .success(nil) }
            guard raw[index + 1] == HTTPBytes.lf else { return .failure(MalformedMessage("bare CR in a chunk size line")) }
            return .success((size, index + 2))
        }
        switch parsed {
        case .failure(let error): throw error
        case .success(nil): return nil
        case .success(let found?):
            buffer.moveReaderIndex(forwardBy: found.length)
            return found.size
        }
    }
}
