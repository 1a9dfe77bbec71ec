import Foundation
import Supervisor
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `CommandProbe` runs real shells.
@Suite struct ProbeCommandTests {
    @Test func exit0IsHealthy() async {
        #expect(await CommandProbe(command: "exit 0").check(timeout: .seconds(5)) == .healthy)
    }

    @Test func exit3IsUnhealthyWithTheCodeAndTheLastLineOfOutput() async {
        let probe = CommandProbe(command: "echo starting; echo 'database not ready' >&2; exit 3")
        let result = await probe.check(timeout: .seconds(5))
        #expect(result == .unhealthy(reason: "command exited with code 3: database not ready"))
    }

    @Test func aCommandKilledByASignalSaysSo() async {
        let result = await CommandProbe(command: "kill -TERM $$").check(timeout: .seconds(5))
        #expect(result == .unhealthy(reason: "command ended by signal 15 (TERM)"))
    }

    @Test func aCommandThatOverrunsIsKilledAndReaped() async throws {
        let directory = try ProbeTemporaryDirectory()
        defer { directory.remove() }
        let probe = CommandProbe(
            command: #"echo $$ > "$PIDFILE"; exec sleep 10"#, environment: ["PIDFILE": directory.path + "/pid"])
        let timeout = Duration.milliseconds(200)
        let (result, elapsed) = await probeTimed { await probe.check(timeout: timeout) }
        #expect(result == .unhealthy(reason: "command timed out after 200ms"))
        #expect(elapsed < timeout + .seconds(3), "the deadline holds even on a loaded machine")
        let pid = try #require(directory.pid(named: "pid"))
        // The shell became the sleep, and the probe reaped it before answering.
        #expect(!FileManager.default.fileExists(atPath: "/proc/\(pid)"))
    }

    @Test func theWholeProcessGroupIsKilledOnTimeout() async throws {
        let directory = try ProbeTemporaryDirectory()
        defer { directory.remove() }
        let probe = CommandProbe(
            command: #"sleep 10 & echo $! > "$DIR/sleep"; echo $$ > "$DIR/shell"; wait"#,
            environment: ["DIR": directory.path])
        let (result, elapsed) = await probeTimed { await probe.check(timeout: .milliseconds(200)) }
        #expect(result == .unhealthy(reason: "command timed out after 200ms"))
        #expect(elapsed < .seconds(3))
        let shell = try #require(directory.pid(named: "shell"))
        let sleeper = try #require(directory.pid(named: "sleep"))
        #expect(!FileManager.default.fileExists(atPath: "/proc/\(shell)"))
        // The sleep was the shell's child: whoever adopts it reaps it, in their own time.
        #expect(await probeEventually { !ProbeTemporaryDirectory.isRunning(sleeper) })
    }

    @Test func whatACommandLeavesBehindIsKilledWhenItEnds() async throws {
        let directory = try ProbeTemporaryDirectory()
        defer { directory.remove() }
        let probe = CommandProbe(
            command: #"sleep 30 >/dev/null 2>&1 & echo $! > "$DIR/sleep"; exit 0"#,
            environment: ["DIR": directory.path])
        #expect(await probe.check(timeout: .seconds(5)) == .healthy)
        let sleeper = try #require(directory.pid(named: "sleep"))
        #expect(await probeEventually { !ProbeTemporaryDirectory.isRunning(sleeper) })
    }

    @Test func aCancelledCheckKillsTheCommand() async throws {
        let directory = try ProbeTemporaryDirectory()
        defer { directory.remove() }
        let probe = CommandProbe(
            command: #"echo $$ > "$DIR/pid.tmp" && mv "$DIR/pid.tmp" "$DIR/pid" && exec sleep 10"#,
            environment: ["DIR": directory.path, "PATH": "/usr/bin:/bin"])
        let check = Task { await probeTimed { await probe.check(timeout: .seconds(30)) } }
        #expect(await probeEventually { directory.pid(named: "pid") != nil })
        check.cancel()
        let (result, elapsed) = await check.value
        #expect(result == .unhealthy(reason: "command cancelled"))
        #expect(elapsed < .seconds(5))
        let pid = try #require(directory.pid(named: "pid"))
        #expect(!FileManager.default.fileExists(atPath: "/proc/\(pid)"))
    }

    @Test func theEnvironmentIsTheCommandsWholeEnvironment() async {
        let probe = CommandProbe(command: #"test "$X" = y"#, environment: ["X": "y"])
        #expect(await probe.check(timeout: .seconds(5)) == .healthy)
        let wrong = CommandProbe(command: #"test "$X" = y"#, environment: ["X": "n"])
        #expect(await wrong.check(timeout: .seconds(5)) == .unhealthy(reason: "command exited with code 1"))
        setenv("DEVENV_PROBE_TEST_LEAK", "1", 1)
        let inherited = CommandProbe(command: #"test -z "$DEVENV_PROBE_TEST_LEAK""#)
        #expect(await inherited.check(timeout: .seconds(5)) == .healthy)
    }

    @Test func theCommandRunsInItsWorkingDirectory() async throws {
        let directory = try ProbeTemporaryDirectory()
        defer { directory.remove() }
        _ = FileManager.default.createFile(atPath: directory.path + "/marker", contents: Data())
        let probe = CommandProbe(command: "test -f marker", workingDirectory: directory.path)
        #expect(await probe.check(timeout: .seconds(5)) == .healthy)
    }

    @Test func aMissingWorkingDirectoryIsUnhealthy() async {
        let probe = CommandProbe(command: "exit 0", workingDirectory: "/nonexistent/devenv-probe")
        let result = await probe.check(timeout: .seconds(5))
        let reason = "cannot run the command: the working directory '/nonexistent/devenv-probe' does not exist"
        #expect(result == .unhealthy(reason: reason))
    }

    @Test func stdinIsEmptyAndNoDescriptorLeaks() async {
        // stdin reads as empty; only 0, 1, 2 (and the one `ls` opens to list) are open.
        let probe = CommandProbe(
            command: #"test -z "$(cat)" && test "$(ls /proc/self/fd | wc -l)" -le 4"#,
            environment: ["PATH": "/usr/bin:/bin"])
        #expect(await probe.check(timeout: .seconds(5)) == .healthy)
    }

    @Test func concurrentChecksEachReapTheirOwnShell() async {
        let results = await withTaskGroup(of: (Int32, ProbeResult).self) { group in
            for code in Int32(0)..<16 {
                group.addTask { (code, await CommandProbe(command: "exit \(code % 4)").check(timeout: .seconds(10))) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 16)
        for (code, result) in results {
            let expected: ProbeResult =
                code % 4 == 0 ? .healthy : .unhealthy(reason: "command exited with code \(code % 4)")
            #expect(result == expected)
        }
    }
}

/// A directory under the system's temporary directory, for a test's pid files.
struct ProbeTemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/devenv-probe-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        path = String(cString: made)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The pid written to `name`, once it is there in full.
    func pid(named name: String) -> Int32? {
        guard let text = try? String(contentsOfFile: path + "/" + name, encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Whether `pid` names a process that has not exited (a zombie has).
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }
}
