/// One source being followed: the file open now, how far it has been read, and a line still
/// waiting for its newline.
struct FollowedSource {
    let source: LogSource
    private var file: LogFile?
    private var identity: FileIdentity?
    private var offset: Int64
    private var partial: [UInt8] = []
    var previousKey = Int64.min

    init(source: LogSource, file: LogFile?, offset: Int64) {
        self.source = source
        self.file = file
        self.identity = file?.status().identity
        self.offset = offset
    }

    /// The complete lines appended since the last call. When the file was rotated, the rest of
    /// the old file comes first, then the new one from its start; a truncated file is read again
    /// from its start.
    mutating func readNew() throws(LogError) -> [LogLine] {
        var lines = try drain()
        let now = FileIdentity.of(source.path)
        guard let now, now != identity else { return lines }
        lines += try drain()  // what was written to the old file before it was renamed away
        if !partial.isEmpty {
            lines.append(line(partial[...]))
            partial = []
        }
        guard let fresh = try LogFile(path: source.path) else { return lines }
        file = fresh
        identity = fresh.status().identity
        offset = 0
        return lines + (try drain())
    }

    /// Reads the open file from `offset` to its end.
    private mutating func drain() throws(LogError) -> [LogLine] {
        guard let file else { return [] }
        let size = file.status().size
        if size < offset {
            offset = 0  // truncated in place
            partial = []
        }
        var lines: [LogLine] = []
        while offset < size {
            let chunk = try file.read(at: offset, count: Int(min(Int64(LogFile.chunkSize), size - offset)))
            guard !chunk.isEmpty else { break }
            offset += Int64(chunk.count)
            partial.append(contentsOf: chunk)
            var start = 0
            while let newline = partial[start...].firstIndex(of: UInt8(ascii: "\n")) {
                lines.append(line(partial[start..<newline]))
                start = newline + 1
            }
            partial.removeFirst(start)
        }
        return lines
    }

    private mutating func line(_ bytes: ArraySlice<UInt8>) -> LogLine {
        let line = LogLine.parse(bytes, source: source, previous: previousKey)
        previousKey = line.sortKey
        return line
    }
}
