/// One field line of a head or trailer section, as offsets into its bytes.
struct FieldLine {
    var kind: HeaderKind
    var name: Range<Int>
    /// Without the whitespace around it.
    var value: Range<Int>
    /// The whole line, CRLF included.
    var line: Range<Int>
}

/// Reads the field lines of a complete head, strictly (RFC 9112 §5): a token name, the colon
/// right after it, a value of visible bytes, spaces and tabs. Folded lines, whitespace before
/// the colon, control bytes and bare CRs are refused.
enum FieldLines {
    /// Calls `body` for each field line from `start` up to the empty line.
    /// - Returns: The index just past the empty line.
    static func parse(
        _ bytes: UnsafeRawBufferPointer, from start: Int, maxCount: Int,
        _ body: (FieldLine) throws(MalformedMessage) -> Void
    ) throws(MalformedMessage) -> Int {
        var index = start
        var count = 0
        while true {
            guard index + 1 < bytes.count else { throw MalformedMessage("head ends inside a field line") }
            if bytes[index] == HTTPBytes.cr {
                guard bytes[index + 1] == HTTPBytes.lf else { throw MalformedMessage("bare CR in the head") }
                return index + 2
            }
            count += 1
            guard count <= maxCount else { throw MalformedMessage("more header fields than the limit") }
            let lineStart = index
            guard bytes[index] != HTTPBytes.space, bytes[index] != HTTPBytes.tab else {
                throw MalformedMessage("obsolete line folding")
            }
            while index < bytes.count, HTTPBytes.isToken(bytes[index]) { index += 1 }
            guard index > lineStart, index < bytes.count, bytes[index] == HTTPBytes.colon else {
                throw MalformedMessage("invalid header field name")
            }
            let name = lineStart..<index
            index += 1
            while index < bytes.count, bytes[index] == HTTPBytes.space || bytes[index] == HTTPBytes.tab { index += 1 }
            let valueStart = index
            while index < bytes.count, HTTPBytes.isFieldValue(bytes[index]) { index += 1 }
            guard index + 1 < bytes.count, bytes[index] == HTTPBytes.cr, bytes[index + 1] == HTTPBytes.lf else {
                throw MalformedMessage("invalid byte in a header field value")
            }
            var valueEnd = index
            while valueEnd > valueStart, bytes[valueEnd - 1] == HTTPBytes.space || bytes[valueEnd - 1] == HTTPBytes.tab {
                valueEnd -= 1
            }
            index += 2
            let kind = HeaderKind(UnsafeRawBufferPointer(rebasing: bytes[name]))
            try body(FieldLine(kind: kind, name: name, value: valueStart..<valueEnd, line: lineStart..<index))
        }
    }

    /// Calls `body` for each field line of a head that ``parse(_:from:maxCount:_:)`` accepted,
    /// without checking it again: only where each name, value and line ends.
    static func scan(_ bytes: UnsafeRawBufferPointer, from start: Int, _ body: (FieldLine) -> Void) {
        var index = start
        while index + 1 < bytes.count, bytes[index] != HTTPBytes.cr {
            let lineStart = index
            while index < bytes.count, bytes[index] != HTTPBytes.colon { index += 1 }
            let name = lineStart..<index
            index += 1
            while index < bytes.count, bytes[index] == HTTPBytes.space || bytes[index] == HTTPBytes.tab { index += 1 }
            let valueStart = index
            while index < bytes.count, bytes[index] != HTTPBytes.cr { index += 1 }
            var valueEnd = index
            while valueEnd > valueStart, bytes[valueEnd - 1] == HTTPBytes.space || bytes[valueEnd - 1] == HTTPBytes.tab {
                valueEnd -= 1
            }
            index += 2
            let kind = HeaderKind(UnsafeRawBufferPointer(rebasing: bytes[name]))
            body(FieldLine(kind: kind, name: name, value: valueStart..<min(valueEnd, bytes.count), line: lineStart..<min(index, bytes.count)))
        }
    }
}
