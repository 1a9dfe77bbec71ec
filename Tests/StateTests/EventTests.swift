import Foundation
import Testing

@testable import State

@Suite struct EventTests {
    @Test func appendedEventsRoundTripWithTheirIds() throws {
        let store = try StateStore.inMemory()
        let event = try store.appendEvent(
            environment: "dev", service: "adder", kind: "crashed", message: "adder.0 exited: exit 1", at: instant(1_700_000_000))
        let id = try #require(event.id)
        #expect(try store.events(environment: "dev") == [
            EventRecord(id: id, time: instant(1_700_000_000), environment: "dev", service: "adder", kind: "crashed", message: "adder.0 exited: exit 1")
        ])
    }

    @Test func eventsComeOldestFirstWhateverTheOrderTheyWereAppendedIn() throws {
        let store = try StateStore.inMemory()
        try store.appendEvent(environment: "dev", kind: "b", message: "", at: instant(20))
        try store.appendEvent(environment: "dev", kind: "c", message: "", at: instant(30))
        try store.appendEvent(environment: "dev", kind: "a", message: "", at: instant(10))
        try store.appendEvent(environment: "prod", kind: "x", message: "", at: instant(15))
        #expect(try store.events(environment: "dev").map(\.kind) == ["a", "b", "c"])
        #expect(try store.events(environment: "prod").map(\.kind) == ["x"])
    }

    @Test func eventsAtTheSameInstantKeepTheirAppendOrder() throws {
        let store = try StateStore.inMemory()
        for kind in ["up", "started", "healthy", "running"] {
            try store.appendEvent(environment: "dev", kind: kind, message: "", at: instant(100))
        }
        #expect(try store.events(environment: "dev").map(\.kind) == ["up", "started", "healthy", "running"])
        #expect(try store.events(environment: "dev", limit: 2).map(\.kind) == ["healthy", "running"])
    }

    @Test func aLimitKeepsTheNewestEventsInTimeOrder() throws {
        let store = try StateStore.inMemory()
        for second in 1...10 {
            try store.appendEvent(environment: "dev", kind: "e\(second)", message: "", at: instant(second))
        }
        #expect(try store.events(environment: "dev", limit: 3).map(\.kind) == ["e8", "e9", "e10"])
        #expect(try store.events(environment: "dev", limit: 50).count == 10)
        #expect(try store.events(environment: "dev", limit: 0).isEmpty)
    }

    @Test func subMillisecondTimesStillOrderByAppend() throws {
        let store = try StateStore.inMemory()
        let base = Date(timeIntervalSince1970: 1_700_000_000.0004)
        try store.appendEvent(environment: "dev", kind: "first", message: "", at: base)
        try store.appendEvent(environment: "dev", kind: "second", message: "", at: base.addingTimeInterval(0.0002))
        #expect(try store.events(environment: "dev").map(\.kind) == ["first", "second"])
    }
}
