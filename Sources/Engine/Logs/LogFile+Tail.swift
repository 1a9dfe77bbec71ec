extension LogFile {
    static let chunkSize = 64 * 1024

    /// Where the last `lines` lines before `end` begin, scanning backwards a chunk at a time, and
    /// how many lines were found (fewer than asked when the file is shorter).
    ///
    /// A last line without its newline counts as a line.
    func start(ofLast lines: Int, before end: Int64) throws(LogError) -> (offset: Int64, found: Int) {
        guard lines > 0, end > 0 else { return (end, 0) }
        var found = 0
        var position = end
        var skippedFinalNewline = false
        while position > 0 {
            let chunkStart = max(0, position - Int64(LogFile.chunkSize))
            let chunk = try read(at: chunkStart, count: Int(position - chunkStart))
            var index = chunk.count - 1
            if !skippedFinalNewline {
                skippedFinalNewline = true
                if chunk.last == UInt8(ascii: "\n") { index -= 1 }  // the newline that ends the last line
            }
            while index >= 0 {
                if chunk[index] == UInt8(ascii: "\n") {
                    found += 1
                    if found == lines { return (chunkStart + Int64(index) + 1, found) }
                }
                index -= 1
            }
            position = chunkStart
        }
        return (0, found + 1)
    }

    /// The end of the last complete line at or before `size`: what follow mode reads up to.
    func endOfLastLine(before size: Int64) throws(LogError) -> Int64 {
        var position = size
        while position > 0 {
            let chunkStart = max(0, position - Int64(LogFile.chunkSize))
            let chunk = try read(at: chunkStart, count: Int(position - chunkStart))
            if let newline = chunk.lastIndex(of: UInt8(ascii: "\n")) { return chunkStart + Int64(newline) + 1 }
            position = chunkStart
        }
        return 0
    }
}
