import Foundation
import Glibc
import Testing

@testable import Supervisor

/// Stopping process groups, and what happens to them when their parent dies: nothing of the
/// group is left.
@Suite struct RuntimeStopTests {
    @Test func stopReturnsTheStatusOfAChildThatHandlesTheSignal() async throws {
        let fixture = try RuntimeFixture()
        let handle = try await fixture.runtime.start(
            fixture.shell("trap 'echo bye; exit 0' TERM; echo ready; sleep 1000 & wait"))
        #expect(await eventually { fixture.messages().contains("ready") })
        let status = await fixture.runtime.stop(handle, teardown: Teardown(signal: SIGTERM, grace: .seconds(30)))
        #expect(status == .exited(0))
        #expect(fixture.messages().last == "bye")
        #expect(await eventually { liveMembers(ofGroup: handle.pid).isEmpty })
    }

    @Test func aChildIgnoringTheSignalIsKilledAfterTheGracePeriod() async throws {
        let fixture = try RuntimeFixture()
        let handle = try await fixture.runtime.start(fixture.shell("trap '' TERM; echo ready; sleep 1000"))
        #expect(await eventually { fixture.messages().contains("ready") })
        #expect(liveMembers(ofGroup: handle.pid).count >= 3)  // shim, sh, sleep
        let started = ContinuousClock.now
        let status = await fixture.runtime.stop(handle, teardown: Teardown(signal: SIGTERM, grace: .milliseconds(300)))
        #expect(status == .signaled(SIGKILL))
        #expect(ContinuousClock.now - started >= .milliseconds(300))
        #expect(await eventually { liveMembers(ofGroup: handle.pid).isEmpty })
        #expect(!ProcessIdentity.isAlive(pid: handle.pid, startTime: handle.startTime))
    }

    @Test func aPausedGroupIsContinuedSoItCanActOnTheStopSignal() async throws {
        let fixture = try RuntimeFixture()
        let handle = try await fixture.runtime.start(fixture.shell("trap 'exit 6' TERM; echo ready; sleep 1000 & wait"))
        #expect(await eventually { fixture.messages().contains("ready") })
        try fixture.runtime.signal(handle, SIGSTOP)
        #expect(await eventually { ProcStat(pid: handle.pid)?.state == UInt8(ascii: "T") })
        let status = await fixture.runtime.stop(handle, teardown: Teardown(signal: SIGTERM, grace: .seconds(30)))
        #expect(status == .exited(6))
    }

    @Test func grandchildrenGoWithTheGroup() async throws {
        let fixture = try RuntimeFixture()
        let handle = try await fixture.runtime.start(fixture.shell("sleep 1000 & echo ready; sleep 1000"))
        #expect(await eventually { fixture.messages().contains("ready") })
        #expect(await eventually { liveMembers(ofGroup: handle.pid).count >= 4 })  // shim, sh, 2 × sleep
        let status = await fixture.runtime.stop(handle, teardown: Teardown(signal: SIGTERM, grace: .seconds(30)))
        #expect(status == .signaled(SIGTERM))
        #expect(await eventually { liveMembers(ofGroup: handle.pid).isEmpty })
    }

    @Test func aGrandchildIgnoringTheSignalIsKilledWhenTheChildExits() async throws {
        let fixture = try RuntimeFixture()
        let handle = try await fixture.runtime.start(
            fixture.shell("(trap '' TERM; exec sleep 1000) & echo ready; sleep 1000"))
        #expect(await eventually { fixture.messages().contains("ready") })
        #expect(await eventually { liveMembers(ofGroup: handle.pid).count >= 4 })
        // The child dies of TERM at once; the shim then kills what is left, well before the grace.
        let started = ContinuousClock.now
        let status = await fixture.runtime.stop(handle, teardown: Teardown(signal: SIGTERM, grace: .seconds(30)))
        #expect(status == .signaled(SIGTERM))
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(await eventually { liveMembers(ofGroup: handle.pid).isEmpty })
    }

    @Test func whatAChildLeavesBehindGoesWhenItExits() async throws {
        let fixture = try RuntimeFixture()
        let handle = try await fixture.runtime.start(
            fixture.shell("sleep 1000 & echo $! > \(fixture.path("grandchild.pid")); exit 4"))
        #expect(await fixture.runtime.wait(handle) == .exited(4))
        let grandchild = try #require(await pid(in: fixture.path("grandchild.pid")))
        #expect(await eventually { liveMembers(ofGroup: handle.pid).isEmpty })
        #expect(await eventually { ProcStat(pid: grandchild)?.isLive != true })
    }

    @Test func signalReachesTheWholeGroup() async throws {
        let fixture = try RuntimeFixture()
        let handle = try await fixture.runtime.start(
            fixture.shell("trap 'echo hup; exit 9' HUP; echo ready; while :; do sleep 0.05; done"))
        #expect(await eventually { fixture.messages().contains("ready") })
        try fixture.runtime.signal(handle, SIGHUP)
        #expect(await fixture.runtime.wait(handle) == .exited(9))
        #expect(fixture.messages().contains("hup"))
        let error = #expect(throws: RuntimeError.self) { try fixture.runtime.signal(handle, SIGHUP) }
        #expect(error?.code == .notRunning)
        #expect(await fixture.runtime.stop(handle, teardown: Teardown()) == .exited(9))
    }

    /// The daemon's death, played by a shell that starts a shim of its own and is then
    /// SIGKILLed: the shim gets its parent-death signal and takes its whole group down.
    @Test func theGroupDiesWithTheShimsParent() async throws {
        let fixture = try RuntimeFixture()
        let inner = fixture.path("inner.log")
        let parent = try await fixture.runtime.start(
            fixture.shell(
                """
                echo $$ > \(fixture.path("parent.pid"))
                '\(fixture.runtime.shimPath)' --log '\(inner)' -- \\
                    /bin/sh -c 'echo ready; sleep 1000 & exec sleep 1000' &
                echo $! > \(fixture.path("shim.pid"))
                wait
                """))
        let parentPID = try #require(await pid(in: fixture.path("parent.pid")))
        let shim = try #require(await pid(in: fixture.path("shim.pid")))
        #expect(await eventually { fixture.messages("inner") == ["ready"] })
        #expect(await eventually { liveMembers(ofGroup: shim).count == 3 })  // shim, 2 × sleep

        kill(parentPID, SIGKILL)
        #expect(await eventually { liveMembers(ofGroup: shim).isEmpty })
        #expect(await fixture.runtime.wait(parent) == .signaled(SIGKILL))
    }

    @Test func aShimWhoseParentIsAlreadyGoneRunsNothing() async throws {
        let fixture = try RuntimeFixture()
        let marker = fixture.path("ran")
        // --parent-pid names a process that is not the shim's parent: as if the daemon had died.
        let handle = try await fixture.runtime.start(
            fixture.shell(
                "exec '\(fixture.runtime.shimPath)' --parent-pid 1 --log '\(fixture.path("inner.log"))' "
                    + "-- touch '\(marker)'"))
        #expect(await fixture.runtime.wait(handle) == .signaled(SIGKILL))
        #expect(!FileManager.default.fileExists(atPath: marker))
    }
}
