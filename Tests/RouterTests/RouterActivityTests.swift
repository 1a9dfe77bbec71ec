import Foundation
import Testing

@testable import Router

/// What idle sleep reads: nothing routed for how long, and zero while anything is open.
@Suite struct RouterActivityTests {
    @Test func idleIsZeroWhileAnythingIsOpenAndGrowsAfter() async throws {
        let activity = RouterActivity()
        activity.began()
        activity.began()  // a request and a WebSocket, say
        try await Task.sleep(for: .milliseconds(30))
        #expect(activity.idle == .zero)
        activity.ended()
        try await Task.sleep(for: .milliseconds(30))
        #expect(activity.idle == .zero, "one is still open")
        activity.ended()
        #expect(activity.idle < .milliseconds(30), "counted from the last end")
        try await Task.sleep(for: .milliseconds(50))
        #expect(activity.idle >= .milliseconds(50))
    }

    @Test func eachEventLoopsCounterCounts() async throws {
        let activity = RouterActivity()
        let loopA = activity.counter(), loopB = activity.counter()
        loopA.began()
        loopB.began()
        loopA.ended()
        try await Task.sleep(for: .milliseconds(30))
        #expect(activity.idle == .zero, "loop B's request is still open")
        loopB.ended()
        #expect(activity.idle < .milliseconds(30), "counted from the last end on any loop")
    }
}
