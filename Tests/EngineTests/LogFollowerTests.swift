import Engine
import Foundation
import Testing

@Suite struct LogFollowerTests {
    @Test func followStartsWithTheTailThenYieldsAppendedLines() async throws {
        let fixture = try LogFixture()
        defer { fixture.remove() }
        try fixture.write("web.0.log", (1...15).map { "2026-11-21T23:00:\(two($0)).000Z old \($0)" })
        try fixture.write("api.0.log", ["2026-11-21T23:00:30.000Z api old"])
        let inbox = LineInbox(fixture.logs.follow(try fixture.logs.select([]), tail: 2))
        defer { inbox.stop() }
        try await inbox.wait { $0.count == 3 }
        #expect(inbox.texts == ["old 14", "old 15", "api old"])
        try fixture.append("web.0.log", ["2026-11-21T23:01:00.000Z new 1", "2026-11-21T23:01:01.000Z new 2"])
        try await inbox.wait { $0.count == 5 }
        try fixture.append("api.0.log", ["2026-11-21T23:01:02.000Z api new"])
        try await inbox.wait { $0.count == 6 }
        #expect(inbox.texts == ["old 14", "old 15", "api old", "new 1", "new 2", "api new"])
        #expect(inbox.lines.last?.source.prefix == "api.0")
    }

    @Test(arguments: [true, false])
    func followSurvivesRotationAndTruncation(useInotify: Bool) async throws {
        let fixture = try LogFixture()
        defer { fixture.remove() }
        try fixture.write("adder.0.log", ["2026-11-21T23:00:01.000Z before"])
        let options = LogFollower.Options(useInotify: useInotify, pollInterval: .milliseconds(50))
        let inbox = LineInbox(fixture.logs.follow(try fixture.logs.select(["adder"]), tail: 10, options: options))
        defer { inbox.stop() }
        try await inbox.wait { $0.count == 1 }

        // the shim's rotation: the last lines go to the old file, it is renamed away, a new one starts
        try fixture.append("adder.0.log", ["2026-11-21T23:00:02.000Z last of the old file"])
        try FileManager.default.moveItem(atPath: fixture.path("adder.0.log"), toPath: fixture.path("adder.0.log.1"))
        try fixture.write("adder.0.log", ["2026-11-21T23:00:03.000Z first of the new file"])
        try await inbox.wait { $0.count == 3 }
        try fixture.append("adder.0.log", ["2026-11-21T23:00:04.000Z second of the new file"])
        try await inbox.wait { $0.count == 4 }

        // keep 0: truncated in place, then written from the start
        let truncate = try FileHandle(forWritingTo: URL(fileURLWithPath: fixture.path("adder.0.log")))
        try truncate.truncate(atOffset: 0)
        try truncate.close()
        try fixture.append("adder.0.log", ["2026-11-21T23:00:05.000Z after truncation"])
        try await inbox.wait { $0.count == 5 }
        #expect(inbox.texts == ["before", "last of the old file", "first of the new file", "second of the new file",
                                "after truncation"])
    }

    @Test func followPicksUpSourcesThatAppearLater() async throws {
        let fixture = try LogFixture()
        defer { fixture.remove() }
        try fixture.write("adder.0.log", ["2026-11-21T23:00:01.000Z zero"])
        let inbox = LineInbox(fixture.logs.follow(try fixture.logs.select(["adder"]), tail: 10))
        defer { inbox.stop() }
        try await inbox.wait { $0.count == 1 }
        try fixture.write("other.0.log", ["2026-11-21T23:00:02.000Z not asked for"])
        try fixture.write("adder.1.log", ["2026-11-21T23:00:03.000Z a new replica"])
        try await inbox.wait { $0.count == 2 }
        #expect(inbox.lines.map(\.source.prefix) == ["adder.0", "adder.1"])
        #expect(inbox.texts == ["zero", "a new replica"])
    }

    @Test func aPartialLineWaitsForItsNewline() async throws {
        let fixture = try LogFixture()
        defer { fixture.remove() }
        try fixture.write("web.0.log", text: "2026-11-21T23:00:01.000Z done\n2026-11-21T23:00:02.000Z half")
        let inbox = LineInbox(fixture.logs.follow(try fixture.logs.select([]), tail: 10))
        defer { inbox.stop() }
        try await inbox.wait { $0.count == 1 }
        try fixture.append("web.0.log", text: " and whole\n2026-11-21T23:00:03.000Z next\n")
        try await inbox.wait { $0.count == 3 }
        #expect(inbox.texts == ["done", "half and whole", "next"])
    }

    @Test func cancellingTheConsumerEndsTheStream() async throws {
        let fixture = try LogFixture()
        defer { fixture.remove() }
        try fixture.write("web.0.log", ["2026-11-21T23:00:01.000Z one"])
        let stream = fixture.logs.follow(try fixture.logs.select([]), tail: 10)
        let seen = LineInbox.Counter()
        let consumer = Task {
            for try await _ in stream { seen.increment() }
            return seen.value
        }
        let deadline = ContinuousClock.now + .seconds(10)
        while seen.value == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        consumer.cancel()
        #expect(try await consumer.value == 1)
    }

    private func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

/// Collects a follow stream's lines in the background; tests wait on a condition with a deadline.
final class LineInbox: @unchecked Sendable {
    private let lock = NSLock()
    private var received: [LogLine] = []
    private var failure: (any Error)?
    private var task: Task<Void, Never>?

    init(_ stream: AsyncThrowingStream<LogLine, any Error>) {
        task = Task { [weak self] in
            do {
                for try await line in stream { self?.lock.withLock { self?.received.append(line) } }
            } catch {
                self?.lock.withLock { self?.failure = error }
            }
        }
    }

    var lines: [LogLine] { lock.withLock { received } }
    var texts: [String] { lines.map(\.text) }

    /// Returns once `condition` holds for the lines so far; fails after `timeout`.
    func wait(timeout: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation,
              _ condition: ([LogLine]) -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let (lines, failure) = lock.withLock { (received, self.failure) }
            if let failure { throw failure }
            if condition(lines) { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        Issue.record("timed out waiting; lines so far: \(texts)", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    func stop() { task?.cancel() }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func increment() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }
}
