import Engine
import Foundation
import Manifest
import Testing

@Suite struct LogReaderTests {
    @Test func interleavesThreeFilesByTimeAndKeepsFileOrderOnTies() throws {
        let fixture = try LogFixture()
        defer { fixture.remove() }
        try fixture.write("adder.0.log", [
            "2026-11-21T23:00:00.100Z adder starts",
            "2026-11-21T23:00:00.300Z adder listens",
            "2026-11-21T23:00:00.500Z same time, adder first",
        ])
        try fixture.write("adder.1.log", [
            "2026-11-21T23:00:00.200Z second replica",
            "2026-11-21T23:00:00.500Z same time, adder.1 second",
        ])
        try fixture.write("display.0.log", [
            "2026-11-21T23:00:00.050Z display first of all",
            "2026-11-21T23:00:00.400Z display",
            "a line without a timestamp stays after its predecessor",
            "2026-11-21T23:00:00.500Z same time, display last",
        ])
        let logs = fixture.logs
        let selection = try logs.select([])
        #expect(selection.sources.map(\.prefix) == ["adder.0", "adder.1", "display.0"])
        var merged = try logs.read(selection, tail: nil)
        let lines = try merged.all()
        #expect(lines.map { "\($0.source.prefix) \($0.text)" } == [
            "display.0 display first of all",
            "adder.0 adder starts",
            "adder.1 second replica",
            "adder.0 adder listens",
            "display.0 display",
            "display.0 a line without a timestamp stays after its predecessor",
            "adder.0 same time, adder first",
            "adder.1 same time, adder.1 second",
            "display.0 same time, display last",
        ])
        #expect(lines.first?.timestamp == "2026-11-21T23:00:00.050Z")
        #expect(lines.first?.time == Date(timeIntervalSince1970: 1_795_302_000.05))
    }

    @Test func tailReadsOnlyTheEndOfABigFile() throws {
        let fixture = try LogFixture()
        defer { fixture.remove() }
        let count = 200_000  // about 8 MB
        var text = ""
        text.reserveCapacity(count * 44)
        for index in 0..<count {
            text += LogFixture.stamp(millisecond: index) + " line \(index) of the big file\n"
        }
        try fixture.write("big.0.log", text: text)
        let logs = fixture.logs
        let selection = try logs.select(["big"])
        let start = ContinuousClock.now
        var merged = try logs.read(selection, tail: 3)
        let lines = try merged.all()
        #expect(lines.map(\.text) == ["line 199997 of the big file", "line 199998 of the big file", "line 199999 of the big file"])
        #expect(ContinuousClock.now - start < .seconds(1), "tail reads from the end, not the whole file")
        var everything = try logs.read(selection, tail: nil)
        var total = 0
        while try everything.next() != nil { total += 1 }
        #expect(total == count)
    }

    @Test func rotatedFilesAreReadOnlyWhenTheCurrentOneIsTooShort() throws {
        let fixture = try LogFixture()
        defer { fixture.remove() }
        try fixture.write("adder.0.log.2", ["2026-11-21T23:00:01.000Z oldest 1", "2026-11-21T23:00:02.000Z oldest 2"])
        try fixture.write("adder.0.log.1", ["2026-11-21T23:00:03.000Z older 1", "2026-11-21T23:00:04.000Z older 2"])
        try fixture.write("adder.0.log", ["2026-11-21T23:00:05.000Z current 1", "2026-11-21T23:00:06.000Z current 2"])
        let logs = fixture.logs
        let selection = try logs.select(["adder"])
        func tail(_ count: Int?) throws -> [String] {
            var merged = try logs.read(selection, tail: count)
            return try merged.all().map(\.text)
        }
        #expect(try tail(2) == ["current 1", "current 2"])
        #expect(try tail(3) == ["older 2", "current 1", "current 2"])
        #expect(try tail(5) == ["oldest 2", "older 1", "older 2", "current 1", "current 2"])
        #expect(try tail(50) == ["oldest 1", "oldest 2", "older 1", "older 2", "current 1", "current 2"])
        #expect(try tail(nil) == ["oldest 1", "oldest 2", "older 1", "older 2", "current 1", "current 2"])
        #expect(try tail(0) == [])
    }

    @Test func aLastLineWithoutItsNewlineIsStillALine() throws {
        let fixture = try LogFixture()
        defer { fixture.remove() }
        try fixture.write("web.0.log", text: "2026-11-21T23:00:01.000Z one\n\n2026-11-21T23:00:02.000Z two")
        var merged = try fixture.logs.read(try fixture.logs.select([]), tail: nil)
        #expect(try merged.all().map(\.text) == ["one", "", "two"])
        var last = try fixture.logs.read(try fixture.logs.select([]), tail: 2)
        #expect(try last.all().map(\.text) == ["", "two"])
    }

    @Test func theRouterMeansTheAccessLogTimedByItsTimeField() throws {
        let fixture = try LogFixture()
        defer { fixture.remove() }
        try fixture.write("web.0.log", ["2026-11-21T23:00:01.000Z web one", "2026-11-21T23:00:03.000Z web two"])
        try fixture.write("router.access.log", [
            #"{"method":"GET","path":"/","status":200,"time":"2026-11-21T23:00:02Z"}"#,
            #"{"time": "2026-11-22T00:00:04.5+01:00","method":"GET","path":"/x","status":404}"#,
        ])
        let logs = fixture.logs
        var all = try logs.read(try logs.select([]), tail: nil)
        #expect(try all.all().map(\.source.prefix) == ["web.0", "router", "web.0", "router"])
        let router = try logs.select(["router"])
        #expect(router.sources.map(\.prefix) == ["router"])
        var merged = try logs.read(router, tail: nil)
        let lines = try merged.all()
        #expect(lines.map(\.timestamp) == ["2026-11-21T23:00:02Z", "2026-11-22T00:00:04.5+01:00"])
        #expect(lines.first?.text == #"{"method":"GET","path":"/","status":200,"time":"2026-11-21T23:00:02Z"}"#)
    }

    @Test func aReplicaCanBeNamedOnItsOwn() throws {
        let fixture = try LogFixture()
        defer { fixture.remove() }
        try fixture.write("adder.0.log", ["2026-11-21T23:00:01.000Z zero"])
        try fixture.write("adder.1.log", ["2026-11-21T23:00:02.000Z one"])
        let selection = try fixture.logs.select(["adder.1"])
        #expect(selection.sources.map(\.prefix) == ["adder.1"])
        #expect(selection.prefixWidth == 7)
    }

    @Test func anUnknownServiceIsAnErrorListingTheKnownOnes() throws {
        let fixture = try LogFixture(manifest: "services:\n  worker:\n    command: [\"true\"]\n")
        defer { fixture.remove() }
        try fixture.write("adder.0.log", ["2026-11-21T23:00:01.000Z zero"])
        try fixture.write("router.access.log", [])
        let error = try #require(throws: LogError.self) { try fixture.logs.select(["adder", "nope"]) }
        #expect(error.code == .unknownService)
        #expect(error.knownServices == ["adder", "router", "worker"])
        #expect(error.message == "no service 'nope' in dev: known services are adder, router, worker")
        // a service of the manifest that has not logged yet is no error, just nothing to show
        let worker = try fixture.logs.select(["worker"])
        #expect(worker.sources.isEmpty)
        #expect(worker.emptyNotice == "no logs yet for worker in dev: run devenv up dev")
    }

    @Test func anEnvironmentWithoutLogsSaysSo() throws {
        let fixture = try LogFixture(createLogs: false)
        defer { fixture.remove() }
        let selection = try fixture.logs.select([])
        #expect(selection.sources.isEmpty)
        #expect(!selection.directoryExists)
        #expect(selection.emptyNotice == "no logs yet for dev: run devenv up dev")
        let other = EnvironmentLogs(project: fixture.project, environment: "nope")
        #expect(throws: ProjectError.self) { try other.select([]) }
    }
}

/// A project in a temporary directory with `environments/dev.yaml` and `.devenv/dev/logs/`.
struct LogFixture {
    let root: String

    init(manifest: String = "", createLogs: Bool = true) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("devenv-logs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/environments", withIntermediateDirectories: true)
        try manifest.write(toFile: root + "/environments/dev.yaml", atomically: false, encoding: .utf8)
        if createLogs {
            try FileManager.default.createDirectory(atPath: logsDirectory, withIntermediateDirectories: true)
        }
    }

    var project: Project { Project(root: root) }
    var logs: EnvironmentLogs { EnvironmentLogs(project: project, environment: "dev") }
    var logsDirectory: String { root + "/.devenv/dev/logs" }

    func path(_ name: String) -> String { logsDirectory + "/" + name }

    func write(_ name: String, _ lines: [String]) throws {
        try write(name, text: lines.map { $0 + "\n" }.joined())
    }

    func write(_ name: String, text: String) throws {
        try text.write(toFile: path(name), atomically: false, encoding: .utf8)
    }

    /// Appends lines the way the shim does: one `write` to a file opened for appending.
    func append(_ name: String, _ lines: [String]) throws {
        try append(name, text: lines.map { $0 + "\n" }.joined())
    }

    func append(_ name: String, text: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path(name)))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    /// `2026-11-21T23:00:00.000Z` plus `millisecond` milliseconds.
    static func stamp(millisecond: Int) -> String {
        let seconds = millisecond / 1000, minutes = seconds / 60, hours = minutes / 60
        return "2026-11-21T\(two(23 + hours)):\(two(minutes % 60)):\(two(seconds % 60)).\(String(format: "%03d", millisecond % 1000))Z"
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
