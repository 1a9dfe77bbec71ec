import Foundation
import Glibc
import Testing

@testable import Supervisor

/// Real processes through `devenv-shim`: statuses mirrored, output captured, logs rotated.
@Suite struct RuntimeProcessTests {
    @Test func exitCodeIsMirrored() async throws {
        let fixture = try RuntimeFixture()
        let handle = try await fixture.runtime.start(fixture.shell("exit 3"))
        #expect(await fixture.runtime.wait(handle) == .exited(3))
    }

    @Test func signalIsMirrored() async throws {
        let fixture = try RuntimeFixture()
        let handle = try await fixture.runtime.start(fixture.shell("kill -USR1 $$"))
        #expect(await fixture.runtime.wait(handle) == .signaled(SIGUSR1))
    }

    @Test func aStatusThatArrivesBeforeAnyWaiterIsKeptForEveryWaiter() async throws {
        let fixture = try RuntimeFixture()
        let handle = try await fixture.runtime.start(fixture.shell("exit 5"))
        #expect(handle.startTime > 0)
        #expect(await eventually { !ProcessIdentity.isAlive(pid: handle.pid, startTime: handle.startTime) })
        async let first = fixture.runtime.wait(handle)
        async let second = fixture.runtime.wait(handle)
        #expect(await [first, second] == [.exited(5), .exited(5)])
        #expect(throws: RuntimeError.self) { try fixture.runtime.signal(handle, SIGTERM) }
    }

    @Test func stdoutAndStderrAreLoggedWithUTCTimestamps() async throws {
        let fixture = try RuntimeFixture()
        let before = Date()
        let handle = try await fixture.runtime.start(
            fixture.shell("echo to-stdout; echo to-stderr >&2; printf 'no newline'"))
        #expect(await fixture.runtime.wait(handle) == .exited(0))
        let lines = fixture.log().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4 && lines.last == "")
        #expect(fixture.messages() == ["to-stdout", "to-stderr", "no newline"])
        let stampFormat = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z $/
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for line in lines.dropLast() {
            let stamp = line.prefix(25)
            #expect(stamp.wholeMatch(of: stampFormat) != nil, "\(line)")
            let date = try #require(formatter.date(from: String(stamp.dropLast())))
            #expect(abs(date.timeIntervalSince(before)) < 60)
        }
    }

    @Test func theEnvironmentIsExactlyTheSpecsAndTheDirectoryIsSet() async throws {
        let fixture = try RuntimeFixture()
        let spec = fixture.shell("echo \"foo=$FOO home=${HOME-unset}\"; pwd") { $0.environment["FOO"] = "bar baz" }
        let handle = try await fixture.runtime.start(spec)
        #expect(await fixture.runtime.wait(handle) == .exited(0))
        #expect(fixture.messages() == ["foo=bar baz home=unset", fixture.directory])
    }

    @Test func logsRotateAtTheMaximumSizeKeepingKFiles() async throws {
        let fixture = try RuntimeFixture()
        let spec = fixture.shell("i=0; while [ $i -lt 60 ]; do echo line-$i-xxxxxxxx; i=$((i+1)); done") {
            $0.logMaxBytes = 200
            $0.logKeep = 2
        }
        let handle = try await fixture.runtime.start(spec)
        #expect(await fixture.runtime.wait(handle) == .exited(0))
        let manager = FileManager.default
        let logs = ["child.log.2", "child.log.1", "child.log"].map(fixture.path)
        for log in logs {
            let size = try #require(try manager.attributesOfItem(atPath: log)[.size] as? Int)
            #expect(size > 0 && size <= 200, "\(log) has \(size) bytes")
        }
        #expect(!manager.fileExists(atPath: fixture.path("child.log.3")))
        // The three files hold the newest lines, in order, ending with the last one.
        let kept = logs.flatMap { log in
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map { $0.dropFirst(25) }
        }
        let expected = (0..<60).map { "line-\($0)-xxxxxxxx" }.suffix(kept.count)
        #expect(kept.map(String.init) == Array(expected))
        #expect(kept.count >= 6)
    }

    @Test func aMissingProgramExits127WithTheReasonInTheLog() async throws {
        let fixture = try RuntimeFixture()
        var spec = fixture.shell("")
        spec.argv = ["devenv-no-such-program", "arg"]
        let handle = try await fixture.runtime.start(spec)
        #expect(await fixture.runtime.wait(handle) == .exited(127))
        #expect(
            fixture.messages() == ["devenv-shim: cannot run 'devenv-no-such-program': No such file or directory"])
    }

    @Test(.enabled(if: getuid() == 0, "dropping privileges needs root"))
    func userRunsTheChildAsThatUser() async throws {
        let fixture = try RuntimeFixture()
        let nobody = try #require(getpwnam("nobody")).pointee
        let handle = try await fixture.runtime.start(fixture.shell("id -u; id -g") { $0.user = "nobody" })
        #expect(await fixture.runtime.wait(handle) == .exited(0))
        #expect(fixture.messages() == ["\(nobody.pw_uid)", "\(nobody.pw_gid)"])
    }

    @Test func badInputIsRefusedBeforeAnythingRuns() async throws {
        let fixture = try RuntimeFixture()
        let cases: [(ProcessSpec, String)] = [
            (fixture.shell("true") { $0.logPath = fixture.path("missing/child.log") }, "missing"),
            (fixture.shell("true") { $0.workingDirectory = fixture.path("nowhere") }, "nowhere"),
            (fixture.shell("true") { $0.user = "devenv-no-such-user" }, "devenv-no-such-user"),
            (fixture.shell("true") { $0.argv = [] }, "no command"),
        ]
        for (spec, named) in cases {
            let error = await #expect(throws: RuntimeError.self) { try await fixture.runtime.start(spec) }
            #expect(error?.code == .launchFailed)
            #expect(error?.message.contains(named) == true, "\(error?.message ?? "")")
        }
        let noShim = ProcessRuntime(shimPath: fixture.path("devenv-shim"))
        let error = await #expect(throws: RuntimeError.self) { try await noShim.start(fixture.shell("true")) }
        #expect(error?.message.contains("swift build") == true)
        #expect(!FileManager.default.fileExists(atPath: fixture.path("child.log")))
    }
}
