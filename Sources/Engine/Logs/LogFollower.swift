import Foundation

/// Follows an environment's logs on a thread of its own that sleeps in `poll` until inotify
/// reports a change: new lines of each source as they are appended, across rotations (a file
/// renamed away and replaced, or truncated in place).
public final class LogFollower {
    public struct Options: Sendable {
        /// Watch the directory with inotify; when false (or when inotify is unavailable), poll.
        public var useInotify: Bool
        /// How often to look for changes when polling.
        public var pollInterval: Duration

        public init(useInotify: Bool = true, pollInterval: Duration = .milliseconds(250)) {
            self.useInotify = useInotify
            self.pollInterval = pollInterval
        }
    }

    private let selection: LogSelection
    private let watch: DirectoryWatch
    private let continuation: AsyncThrowingStream<LogLine, any Error>.Continuation
    private var followed: [FollowedSource] = []

    private init(selection: LogSelection, options: Options,
                 continuation: AsyncThrowingStream<LogLine, any Error>.Continuation) {
        self.selection = selection
        self.continuation = continuation
        self.watch = DirectoryWatch(directory: selection.directory, useInotify: options.useInotify,
                                    pollInterval: options.pollInterval)
    }

    static func stream(selection: LogSelection, tail: Int, stopSignals: [Int32],
                       options: Options) -> AsyncThrowingStream<LogLine, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: LogLine.self, throwing: (any Error).self)
        let wake: LogWake
        do {
            wake = try LogWake()
        } catch {
            continuation.finish(throwing: error)
            return stream
        }
        wake.stop(on: stopSignals)
        continuation.onTermination = { _ in wake.wake() }
        let thread = Thread {
            defer { wake.close() }
            let follower = LogFollower(selection: selection, options: options, continuation: continuation)
            do {
                try follower.run(tail: tail, wake: wake)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        thread.name = "devenv logs -f"
        thread.start()
        return stream
    }

    /// The last `tail` lines, then changes until woken. The watch is set up first, so nothing
    /// written in between is missed.
    private func run(tail: Int, wake: LogWake) throws(LogError) {
        var readers: [LogLineReader] = []
        for source in selection.sources {
            let (segments, current) = try LogReading.segments(of: source, tail: tail, completeLinesOnly: true)
            readers.append(LogLineReader(source: source, segments: segments))
            followed.append(FollowedSource(source: source, file: current?.file, offset: current?.end ?? 0))
        }
        var initial = MergedLogLines(readers: readers)
        while let line = try initial.next() { continuation.yield(line) }
        for (index, reader) in readers.enumerated() { followed[index].previousKey = reader.previousKey }
        try emit(checking: nil)
        while !wake.isWoken {
            switch watch.next(wake: wake.readDescriptor) {
            case .woken, .directoryGone:
                return
            case .unknown:
                try emit(checking: nil)
            case .files(let names):
                try emit(checking: names)
            }
        }
    }

    /// Reads what is new in the sources whose files are among `names` (every source when nil),
    /// following new sources that match the selection, and yields it merged by time.
    private func emit(checking names: Set<String>?) throws(LogError) {
        let candidates = names.map { Array($0) } ?? LogDirectory(path: selection.directory).sources().map(\.fileName)
        for name in candidates {
            guard let source = LogSource.parse(fileName: name, directory: selection.directory),
                  selection.includes(source), !followed.contains(where: { $0.source == source }) else { continue }
            followed.append(FollowedSource(source: source, file: nil, offset: 0))
        }
        var batches: [[LogLine]] = []
        for index in followed.indices {
            if let names, !names.contains(where: { followed[index].source.owns(fileName: $0) }) { continue }
            batches.append(try followed[index].readNew())
        }
        for line in MergedLogLines.merge(batches) { continuation.yield(line) }
    }
}
