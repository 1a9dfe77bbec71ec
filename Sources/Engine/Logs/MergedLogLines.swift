/// Lines of several sources merged by time: each source in its file order, the earliest head
/// first, and on equal times the source that comes first in the list.
public struct MergedLogLines {
    private var readers: [LogLineReader]
    private var heads: [LogLine?]
    private var started = false

    init(readers: [LogLineReader]) {
        self.readers = readers
        self.heads = Array(repeating: nil, count: readers.count)
    }

    /// The next line in time order, or nil when every source is done.
    public mutating func next() throws(LogError) -> LogLine? {
        if !started {
            started = true
            for index in readers.indices { heads[index] = try readers[index].next() }
        }
        var earliest: Int?
        for index in heads.indices {
            guard let head = heads[index] else { continue }
            if let best = earliest, heads[best]!.sortKey <= head.sortKey { continue }
            earliest = index
        }
        guard let earliest else { return nil }
        let line = heads[earliest]
        heads[earliest] = try readers[earliest].next()
        return line
    }

    /// Every remaining line.
    public mutating func all() throws(LogError) -> [LogLine] {
        var lines: [LogLine] = []
        while let line = try next() { lines.append(line) }
        return lines
    }

    /// Sorts lines gathered from several sources the same way: by time, stable.
    static func merge(_ batches: [[LogLine]]) -> [LogLine] {
        var merged: [LogLine] = []
        var positions = Array(repeating: 0, count: batches.count)
        while true {
            var earliest: Int?
            for index in batches.indices where positions[index] < batches[index].count {
                let head = batches[index][positions[index]]
                if let best = earliest, batches[best][positions[best]].sortKey <= head.sortKey { continue }
                earliest = index
            }
            guard let earliest else { return merged }
            merged.append(batches[earliest][positions[earliest]])
            positions[earliest] += 1
        }
    }
}
