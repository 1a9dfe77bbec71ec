import Engine
import Foundation
import Testing

@Suite struct LogFormatTests {
    private let adder = LogSource(service: "adder", kind: .replica(index: 0), path: "/tmp/adder.0.log")
    private let router = LogSource(service: "router", kind: .access, path: "/tmp/router.access.log")

    @Test func prefixesArePaddedToTheWidest() {
        var formatter = LogFormatter(width: 9, colour: false)
        #expect(formatter.format(LogLine(source: adder, timestamp: nil, text: "hello", sortKey: 0)) == "adder.0   | hello")
        #expect(formatter.format(LogLine(source: router, timestamp: nil, text: "{}", sortKey: 0)) == "router    | {}")
    }

    @Test func aWiderSourceWidensThePadding() {
        var formatter = LogFormatter(width: 0, colour: false)
        #expect(formatter.format(LogLine(source: router, timestamp: nil, text: "a", sortKey: 0)) == "router | a")
        #expect(formatter.format(LogLine(source: adder, timestamp: nil, text: "b", sortKey: 0)) == "adder.0 | b")
        #expect(formatter.format(LogLine(source: router, timestamp: nil, text: "c", sortKey: 0)) == "router  | c")
    }

    @Test func onATerminalEachServiceKeepsItsColour() {
        var formatter = LogFormatter(width: 7, colour: true)
        let line = formatter.format(LogLine(source: adder, timestamp: nil, text: "hello", sortKey: 0))
        #expect(line.hasPrefix("\u{1B}["))
        #expect(line.hasSuffix("adder.0 |\u{1B}[0m hello"))
        let replica = LogSource(service: "adder", kind: .replica(index: 1), path: "/tmp/adder.1.log")
        let other = formatter.format(LogLine(source: replica, timestamp: nil, text: "x", sortKey: 0))
        #expect(other.prefix(5) == line.prefix(5), "the same colour for every replica of a service")
    }

    @Test func timestampsOfBothKindsAreParsed() {
        let shim = LogLine(source: adder, timestamp: "2026-11-21T23:00:00.123Z", text: "", sortKey: 0)
        #expect(shim.time == Date(timeIntervalSince1970: 1_795_302_000.123))
        let offset = LogLine(source: router, timestamp: "2026-11-22T00:00:00+01:00", text: "", sortKey: 0)
        #expect(offset.time == Date(timeIntervalSince1970: 1_795_302_000))
        let micro = LogLine(source: router, timestamp: "1970-01-01T00:00:00.000001Z", text: "", sortKey: 0)
        #expect(micro.time == Date(timeIntervalSince1970: 0.000001))
        #expect(LogLine(source: router, timestamp: "yesterday", text: "", sortKey: 0).time == nil)
        #expect(LogLine(source: router, timestamp: "2026-11-21T23:00:00", text: "", sortKey: 0).time == nil)
    }
}
