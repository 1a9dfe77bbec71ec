import Foundation
import Glibc
import Testing

@testable import Supervisor

/// `devenv-shim` run directly: what it refuses, and what it does not pass on to the child.
@Suite struct ShimCommandLineTests {
    /// Runs the shim with `arguments`; its exit status and what it wrote to stderr.
    private func runShim(_ arguments: [String], extraDescriptor: Bool = false) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try RuntimeFixture.shimPath())
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    @Test func badCommandLinesExit125NamingTheMistakeWithTheUsage() throws {
        let fixture = try RuntimeFixture()
        let log = fixture.path("x.log")
        let cases: [([String], String)] = [
            (["--", "true"], "--log FILE is required"),
            (["--log", log, "--"], "no PROGRAM after --"),
            (["--log", log, "--bogus", "1", "--", "true"], "unknown option --bogus"),
            (["--log", log, "--cwd"], "option --cwd needs a value, or is unknown"),
            (["--log", log, "--log-keep", "1001", "--", "true"], "--log-keep expects a whole number from 0, got '1001'"),
            (["--log", log, "--log-max-bytes", "0", "--", "true"], "--log-max-bytes expects a whole number from 1, got '0'"),
            (["--log", log, "--parent-pid", "12x", "--", "true"], "--parent-pid expects a whole number from 1, got '12x'"),
            (["--log", log, "--user", "1:x", "--", "true"], "--user expects UID:GID[:GROUP,...] in whole numbers, got '1:x'"),
            (["--log", log, "--user", "1:2:3,", "--", "true"], "got '1:2:3,'"),
            (["--log", log, "--user", "4294967296:0", "--", "true"], "got '4294967296:0'"),
            (["--log", fixture.path("no/such/dir.log"), "--", "true"], "cannot open log '\(fixture.path("no/such/dir.log"))': No such file or directory"),
        ]
        for (arguments, message) in cases {
            let (status, stderr) = try runShim(arguments)
            #expect(status == 125, "\(arguments)")
            #expect(stderr.hasPrefix("devenv-shim: "), "\(arguments): \(stderr)")
            #expect(stderr.contains(message), "\(arguments): \(stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: log), "a refused command line created the log")
    }

    @Test func numericUserWithGroupsIsAccepted() throws {
        let fixture = try RuntimeFixture()
        let ids = "\(getuid()):\(getgid()):\(getgid())"
        let (status, stderr) = try runShim(["--user", ids, "--log", fixture.path("x.log"), "--", "/bin/sh", "-c", "id -u"])
        #expect(status == 0, "\(stderr)")
        #expect(fixture.messages("x") == ["\(getuid())"])
    }

    /// The daemon's sockets and files are not the child's: it starts with 0, 1 and 2 only.
    @Test func theChildInheritsNoDescriptorButTheStandardThree() async throws {
        let fixture = try RuntimeFixture()
        let leaked = open(fixture.path("held"), O_RDWR | O_CREAT, 0o600)  // not close-on-exec
        defer { close(leaked) }
        #expect(leaked > 2)
        let handle = try await fixture.runtime.start(fixture.shell("ls /proc/self/fd"))
        #expect(await fixture.runtime.wait(handle) == .exited(0))
        // ls's own directory descriptor is the fourth.
        #expect(fixture.messages() == ["0", "1", "2", "3"])
    }
}
