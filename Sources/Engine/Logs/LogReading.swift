/// Which stretches of a source's files hold its last N lines.
enum LogReading {
    /// The oldest-first segments holding the last `tail` lines of `source` (every line when nil),
    /// taking rotated files only when the newer ones hold too few. With `completeLinesOnly`, the
    /// current file is read only up to its last newline.
    ///
    /// - Returns: the segments, and the current file with where they end in it (nil when the
    ///   current file does not exist).
    static func segments(of source: LogSource, tail: Int?, completeLinesOnly: Bool = false)
        throws(LogError) -> (segments: [LogSegment], current: (file: LogFile, end: Int64)?) {
        var segments: [LogSegment] = []
        var current: (file: LogFile, end: Int64)?
        var seen: Set<FileIdentity> = []
        var needed = tail
        var generation = 0
        while needed.map({ $0 > 0 }) ?? true, generation < 1000 {
            defer { generation += 1 }
            guard let file = try LogFile(path: source.path(generation: generation)) else {
                if generation == 0 { continue }  // between a rotation's rename and the new file
                break
            }
            let (identity, size) = file.status()
            guard seen.insert(identity).inserted else { break }  // rotated while we looked
            var end = size
            if generation == 0 {
                if completeLinesOnly { end = try file.endOfLastLine(before: size) }
                current = (file, end)
            }
            guard let wanted = needed else {
                segments.append(LogSegment(file: file, start: 0, end: end))
                continue
            }
            let (start, found) = try file.start(ofLast: wanted, before: end)
            segments.append(LogSegment(file: file, start: start, end: end))
            needed = wanted - found
        }
        if current == nil, let file = try LogFile(path: source.path), tail == 0 {
            let size = file.status().size
            current = (file, completeLinesOnly ? try file.endOfLastLine(before: size) : size)
        }
        return (segments.reversed(), current)
    }
}
