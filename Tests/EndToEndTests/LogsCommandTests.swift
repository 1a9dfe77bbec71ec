import Foundation
import Testing

@Suite struct LogsCommandTests {
    static let files = [
        "environments/dev.yaml": "",
        ".devenv/dev/logs/web.0.log": """
            2026-11-21T23:00:01.000Z web starting
            2026-11-21T23:00:04.000Z web ready

            """,
        ".devenv/dev/logs/web.1.log": """
            2026-11-21T23:00:02.000Z second replica starting

            """,
        ".devenv/dev/logs/api.0.log.1": """
            2026-11-21T23:00:00.500Z api from the rotated file

            """,
        ".devenv/dev/logs/api.0.log": """
            2026-11-21T23:00:03.000Z api listening on 40001

            """,
        ".devenv/dev/logs/router.access.log": """
            {"time":"2026-11-21T23:00:05.000Z","method":"GET","path":"/","status":200}

            """,
    ]

    @Test func logsInterleavesEverySourceByTime() throws {
        let sandbox = try Sandbox(Self.files)
        defer { sandbox.remove() }
        let result = try sandbox.run("logs")
        #expect(result.stderr == "")
        #expect(result.status == 0)
        #expect(result.stdout == """
            api.0  | api from the rotated file
            web.0  | web starting
            web.1  | second replica starting
            api.0  | api listening on 40001
            web.0  | web ready
            router | {"time":"2026-11-21T23:00:05.000Z","method":"GET","path":"/","status":200}

            """)
    }

    @Test func logsOfOneServiceWithTail() throws {
        let sandbox = try Sandbox(Self.files)
        defer { sandbox.remove() }
        let result = try sandbox.run("logs", "web", "--tail", "1")
        #expect(result.status == 0)
        #expect(result.stdout == """
            web.1 | second replica starting
            web.0 | web ready

            """)
        let replica = try sandbox.run("logs", "-e", "dev", "api.0", "router", "--tail", "1")
        #expect(replica.stdout == """
            api.0  | api listening on 40001
            router | {"time":"2026-11-21T23:00:05.000Z","method":"GET","path":"/","status":200}

            """)
    }

    @Test func anUnknownServiceIsAnError() throws {
        let sandbox = try Sandbox(Self.files)
        defer { sandbox.remove() }
        let result = try sandbox.run("logs", "nope")
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == "devenv: no service 'nope' in dev: known services are api, router, web\n")
    }

    @Test func anEnvironmentWithoutLogsSaysSoAndSucceeds() throws {
        let sandbox = try Sandbox(["environments/dev.yaml": ""])
        defer { sandbox.remove() }
        let result = try sandbox.run("logs")
        #expect(result.status == 0)
        #expect(result.stdout == "")
        #expect(result.stderr == "no logs yet for dev: run devenv up dev\n")
        let unknown = try sandbox.run("logs", "-e", "nope")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no environment 'nope'"))
        let negative = try sandbox.run("logs", "--tail=-1")
        #expect(negative.status != 0)
        #expect(negative.stderr.contains("--tail must be 0 or more"))
    }

    @Test func followPrintsAppendedLinesUntilInterrupted() throws {
        let sandbox = try Sandbox(Self.files)
        defer { sandbox.remove() }
        let output = sandbox.root + "/follow.out"
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.devenv)
        process.arguments = ["logs", "web", "-f", "--tail", "1"]
        process.currentDirectoryURL = URL(fileURLWithPath: sandbox.root)
        process.standardOutput = FileHandle(forWritingAtPath: output)
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        func read() -> String { (try? String(contentsOfFile: output, encoding: .utf8)) ?? "" }
        try waitUntil { read() == "web.1 | second replica starting\nweb.0 | web ready\n" }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: sandbox.root + "/.devenv/dev/logs/web.0.log"))
        try log.seekToEnd()
        try log.write(contentsOf: Data("2026-11-21T23:00:06.000Z appended while following\n".utf8))
        try log.close()
        try waitUntil { read().hasSuffix("web.0 | appended while following\n") }

        process.interrupt()  // Ctrl-C
        try waitUntil { !process.isRunning }
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        #expect(read() == "web.1 | second replica starting\nweb.0 | web ready\nweb.0 | appended while following\n")
    }

    /// Waits for `condition` with a deadline, failing the test if it never holds.
    private func waitUntil(timeout: Duration = .seconds(15), sourceLocation: SourceLocation = #_sourceLocation,
                           _ condition: () -> Bool) throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out", sourceLocation: sourceLocation)
                throw CancellationError()
            }
            usleep(5_000)
        }
    }
}
