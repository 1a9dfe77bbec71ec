import Foundation
import Glibc
import Testing

@testable import Supervisor

/// A process is its pid and its start time: a reused pid is someone else.
@Suite struct RuntimeIdentityTests {
    @Test func procStatIsParsedFromTheLastParenthesis() throws {
        let line = "42 (a (b) c) S 1 42 42 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10"
        let stat = try #require(ProcStat(pid: 42, text: ArraySlice(Array(line.utf8))))
        #expect(stat.state == UInt8(ascii: "S"))
        #expect(stat.parent == 1)
        #expect(stat.processGroup == 42)
        #expect(stat.startTime == 987654)
        #expect(stat.isLive)
    }

    @Test func ownStartTimeIsKnownAndAlive() throws {
        let start = try #require(ProcessIdentity.startTime(of: getpid()))
        #expect(ProcessIdentity.isAlive(pid: getpid(), startTime: start))
        #expect(ProcessIdentity.startTime(of: Int32.max) == nil)
    }

    @Test func aWrongStartTimeIsNotAliveAndIsNeverSignalled() async throws {
        let fixture = try RuntimeFixture()
        let handle = try await fixture.runtime.start(fixture.shell("echo ready; exec sleep 1000"))
        #expect(await eventually { fixture.messages().contains("ready") })
        #expect(ProcessIdentity.isAlive(pid: handle.pid, startTime: handle.startTime))
        #expect(!ProcessIdentity.isAlive(pid: handle.pid, startTime: handle.startTime + 1))
        #expect(!ProcessIdentity.killGroup(pid: handle.pid, startTime: handle.startTime + 1, signal: SIGKILL))
        #expect(ProcessIdentity.isAlive(pid: handle.pid, startTime: handle.startTime))
        #expect(ProcessIdentity.members(ofGroup: handle.pid).count == 2)  // shim, sleep

        // A handle as restored from the state db: the runtime did not start it, yet signals by
        // identity and waits for its end.
        let restored = ProcessHandle(pid: handle.pid, startTime: handle.startTime)
        let stranger = ProcessRuntime(shimPath: fixture.runtime.shimPath)
        async let strangersView = stranger.wait(restored)
        #expect(ProcessIdentity.killGroup(pid: handle.pid, startTime: handle.startTime, signal: SIGKILL))
        #expect(await fixture.runtime.wait(handle) == .signaled(SIGKILL))
        #expect(await strangersView == .signaled(SIGKILL))
        #expect(await eventually { liveMembers(ofGroup: handle.pid).isEmpty })
        #expect(throws: RuntimeError.self) { try stranger.signal(restored, SIGTERM) }
    }
}
