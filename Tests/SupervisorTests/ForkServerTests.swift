import Foundation
import Glibc
import Testing

@testable import Supervisor

/// Shims cloned by the runtime's fork server: children of this process like spawned ones, with
/// their own command lines, and spawning as the fallback when the server is gone.
@Suite struct ForkServerTests {
    private func commandLine(of pid: pid_t) -> [String] {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? ""
        return text.split(separator: "\0").map(String.init)
    }

    private func parent(of pid: pid_t) -> pid_t? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 1 ? pid_t(fields[1]) : nil
    }

    @Test func shimsAreClonesThatAreThisProcesssChildrenWithTheirOwnCommandLine() async throws {
        let fixture = try RuntimeFixture()
        let first = try await fixture.runtime.start(fixture.shell("echo one; sleep 30", log: "one"))
        let second = try await fixture.runtime.start(fixture.shell("echo two", log: "two"))
        let server = try #require(fixture.runtime.forkServer?.serverPID, "no fork server runs")
        #expect(commandLine(of: server).contains("--fork-server"))
        #expect(parent(of: server) == getpid())
        // A clone, not an exec of its own, yet this process's child with the shim's command line.
        #expect(parent(of: first.pid) == getpid())
        // The clone writes its command line over the server's just after it starts.
        var shown: [String] = []
        #expect(await eventually {
            shown = commandLine(of: first.pid)
            return shown.starts(with: [fixture.runtime.shimPath, "--log", fixture.path("one.log")])
        }, "\(shown)")
        #expect(await fixture.runtime.wait(second) == .exited(0))
        #expect(fixture.messages("two") == ["two"])
        // The stop comes once the shell has spoken, not before it ran at all.
        #expect(await eventually { fixture.messages("one") == ["one"] })
        #expect(await fixture.runtime.stop(first, teardown: Teardown(signal: SIGTERM, grace: .seconds(5))) == .signaled(SIGTERM))
        #expect(fixture.messages("one") == ["one"])
        #expect(fixture.runtime.forkServer?.serverPID == server, "one server serves every shim")
    }

    @Test func aDeadServerFallsBackToSpawning() async throws {
        let fixture = try RuntimeFixture()
        let before = try await fixture.runtime.start(fixture.shell("exit 3", log: "before"))
        #expect(await fixture.runtime.wait(before) == .exited(3))
        let server = try #require(fixture.runtime.forkServer?.serverPID)
        kill(server, SIGKILL)
        #expect(await eventually { parent(of: server) == nil || (try? String(contentsOfFile: "/proc/\(server)/stat", encoding: .utf8))?.contains(") Z ") == true })

        let after = try await fixture.runtime.start(fixture.shell("echo still; exit 4", log: "after"))
        #expect(await fixture.runtime.wait(after) == .exited(4))
        #expect(fixture.messages("after") == ["still"])
        #expect(fixture.runtime.forkServer?.serverPID == nil, "the dead server was given up")
        #expect(parent(of: server) == nil, "the dead server was not reaped")
    }

    @Test func withoutAForkServerEveryShimIsSpawned() async throws {
        let fixture = try RuntimeFixture()
        let runtime = ProcessRuntime(shimPath: fixture.runtime.shimPath, forkServer: false)
        let handle = try await runtime.start(fixture.shell("echo spawned; exit 5"))
        #expect(await runtime.wait(handle) == .exited(5))
        #expect(fixture.messages() == ["spawned"])
        #expect(runtime.forkServer == nil)
    }

    @Test func theServerEndsWithItsRuntime() async throws {
        let fixture = try RuntimeFixture()
        var runtime: ProcessRuntime? = ProcessRuntime(shimPath: fixture.runtime.shimPath)
        let handle = try await runtime!.start(fixture.shell("true"))
        #expect(await runtime!.wait(handle) == .exited(0))
        let server = try #require(runtime?.forkServer?.serverPID)
        runtime = nil
        #expect(parent(of: server) == nil, "the server outlived its runtime")
    }

    @Test func requestsCarryArgumentsThenEnvironmentAndRefuseWhatTheServerCannotTake() throws {
        let request = try #require(ForkServer.request(["shim", "--log", "x"], ["A=1"]))
        #expect(Array(request.prefix(8)) == [3, 0, 0, 0, 1, 0, 0, 0])
        #expect(String(decoding: request.dropFirst(8), as: UTF8.self) == "shim\0--log\0x\0A=1\0")
        #expect(ForkServer.request(["shim", "a\0b"], []) == nil, "a NUL would split an argument")
        #expect(ForkServer.request(["shim"], ["BIG=" + String(repeating: "x", count: ForkServer.maxRequest)]) == nil)
    }
}

/// Exits are watched by one thread through pidfds, not by a thread per child.
@Suite struct ExitWatcherTests {
    private func threadCount() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("Threads:") } ?? ""
        return Int(line.split(separator: "\t").last.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? "") ?? 0
    }

    @Test func twentyChildrenCostNoThreadEachAndEveryExitArrives() async throws {
        let fixture = try RuntimeFixture()
        let warm = try await fixture.runtime.start(fixture.shell("true", log: "warm"))  // the watcher's thread, once
        #expect(await fixture.runtime.wait(warm) == .exited(0))
        let before = threadCount()
        var sleepers: [ProcessHandle] = [], exiting: [ProcessHandle] = []
        for index in 0..<10 {
            sleepers.append(try await fixture.runtime.start(fixture.shell("exec sleep 30", log: "sleeper\(index)")))
            exiting.append(try await fixture.runtime.start(fixture.shell("sleep 0.2; exit \(index + 1)", log: "exiting\(index)")))
        }
        #expect(threadCount() - before < 5, "a thread per child: \(before) → \(threadCount())")
        for (index, handle) in exiting.enumerated() {
            #expect(await fixture.runtime.wait(handle) == .exited(Int32(index + 1)))
        }
        for handle in sleepers {
            #expect(await fixture.runtime.stop(handle, teardown: Teardown(signal: SIGTERM, grace: .seconds(5))) == .signaled(SIGTERM))
        }
    }
}
