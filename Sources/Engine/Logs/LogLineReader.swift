/// A stretch of one log file: the bytes `start..<end`.
struct LogSegment {
    var file: LogFile
    var start: Int64
    var end: Int64
}

/// Reads one source's lines forward over its segments (oldest first), a chunk at a time, so a
/// large file is never held whole.
struct LogLineReader {
    let source: LogSource
    private var segments: ArraySlice<LogSegment>
    private var position: Int64
    private var pending: [UInt8] = []
    private var cursor = 0
    /// The sort key of the last line read, for lines without a time of their own.
    private(set) var previousKey = Int64.min

    init(source: LogSource, segments: [LogSegment], previousKey: Int64 = .min) {
        self.source = source
        self.segments = segments[...]
        self.position = segments.first?.start ?? 0
        self.previousKey = previousKey
    }

    /// The next line, or nil after the last segment's end.
    mutating func next() throws(LogError) -> LogLine? {
        while let segment = segments.first {
            if let newline = pending[cursor...].firstIndex(of: UInt8(ascii: "\n")) {
                defer { cursor = newline + 1 }
                return line(pending[cursor..<newline])
            }
            if position < segment.end {
                let count = Int(min(Int64(LogFile.chunkSize), segment.end - position))
                let chunk = try segment.file.read(at: position, count: count)
                position += Int64(count)
                if chunk.count < count { position = segment.end }  // the file shrank under us
                pending.removeFirst(cursor)
                cursor = 0
                pending.append(contentsOf: chunk)
                continue
            }
            // The segment is done: a last line without its newline is still a line.
            segments.removeFirst()
            position = segments.first?.start ?? 0
            if cursor < pending.count {
                let rest = pending[cursor...]
                defer { pending = []; cursor = 0 }
                return line(rest)
            }
            pending = []
            cursor = 0
        }
        return nil
    }

    private mutating func line(_ bytes: ArraySlice<UInt8>) -> LogLine {
        let line = LogLine.parse(bytes, source: source, previous: previousKey)
        previousKey = line.sortKey
        return line
    }
}
