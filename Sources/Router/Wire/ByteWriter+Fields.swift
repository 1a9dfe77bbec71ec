extension ByteWriter {
    /// Copies the field lines of a complete head as they are, in runs between the fields that
    /// `drop` names, and the fields its `Connection` lists when `connectionListsFields`.
    /// - Parameters:
    ///   - raw: The head's bytes.
    ///   - start: Where its field lines start.
    mutating func copyFields(
        of raw: UnsafeRawBufferPointer, from start: Int, connectionListsFields: Bool, dropping drop: (HeaderKind) -> Bool
    ) {
        let end = raw.count - 2  // the empty line stays behind
        let listed = connectionListsFields ? Self.connectionListed(raw, from: start) : []
        var run = start
        FieldLines.scan(raw, from: start) { field in
            let name = UnsafeRawBufferPointer(rebasing: raw[field.name])
            guard drop(field.kind) || listed.contains(where: { HeaderKind.equal($0, name) }) else { return }
            copy(run..<field.line.lowerBound, of: raw)
            run = field.line.upperBound
        }
        copy(run..<end, of: raw)
    }

    /// The field names a head's `Connection` fields list (beyond close, keep-alive, upgrade).
    private static func connectionListed(_ raw: UnsafeRawBufferPointer, from start: Int) -> [UnsafeRawBufferPointer] {
        var listed: [UnsafeRawBufferPointer] = []
        FieldLines.scan(raw, from: start) { field in
            guard field.kind == .connection else { return }
            HeaderKind.forEachToken(UnsafeRawBufferPointer(rebasing: raw[field.value])) { token in
                if !HeaderKind.equal(token, "close"), !HeaderKind.equal(token, "keep-alive"), !HeaderKind.equal(token, "upgrade") {
                    listed.append(token)
                }
            }
        }
        return listed
    }

    /// `name: value\r\n`, the value copied from `raw`.
    mutating func field(_ name: StaticString, _ value: Range<Int>, of raw: UnsafeRawBufferPointer) {
        text(name)
        text(": ")
        copy(value, of: raw)
        text("\r\n")
    }
}
