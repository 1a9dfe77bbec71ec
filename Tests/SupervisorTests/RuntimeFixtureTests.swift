import Foundation
import Glibc
import Testing

@testable import Supervisor

/// A scratch directory and a `ProcessRuntime` over the built `devenv-shim`, for tests that run
/// real processes. The shim must be built first: `swift build` (which `make test` runs before
/// `swift test`) puts it beside the test bundle in the build products directory.
final class RuntimeFixture: Sendable {
    let directory: String
    let runtime: ProcessRuntime

    init() throws {
        let shim = try Self.shimPath()
        directory = NSTemporaryDirectory() + "devenv-runtime-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        runtime = ProcessRuntime(shimPath: shim)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func path(_ name: String) -> String { directory + "/" + name }

    /// A spec running `command` with `/bin/sh -c`, logging to `<name>.log` in the directory.
    func shell(_ command: String, log name: String = "child", configure: (inout ProcessSpec) -> Void = { _ in })
        -> ProcessSpec
    {
        var spec = ProcessSpec(
            argv: ProcessSpec.shell(command), environment: ["PATH": "/usr/bin:/bin"],
            workingDirectory: directory, logPath: path(name + ".log"))
        configure(&spec)
        return spec
    }

    func log(_ name: String = "child") -> String {
        (try? String(contentsOfFile: path(name + ".log"), encoding: .utf8)) ?? ""
    }

    /// The log's lines without their timestamps.
    func messages(_ name: String = "child") -> [String] {
        log(name).split(separator: "\n").map { String($0.dropFirst(25)) }
    }

    /// `devenv-shim` beside the running test bundle (`/proc/self/exe`), whatever the scratch
    /// path; `DEVENV_SHIM` overrides it.
    static func shimPath() throws -> String {
        let candidates = [ProcessInfo.processInfo.environment["DEVENV_SHIM"], ProcessRuntime.defaultShimPath]
        for case let candidate? in candidates where access(candidate, X_OK) == 0 {
            return candidate
        }
        throw ShimNotBuilt(path: ProcessRuntime.defaultShimPath)
    }

    struct ShimNotBuilt: Error, CustomStringConvertible {
        var path: String
        var description: String { "devenv-shim is not built at \(path): run `swift build` before `swift test`" }
    }
}

/// Waits for `condition` by checking it every 10 ms, up to `timeout`.
func eventually(within timeout: Duration = .seconds(5), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

/// The live (non-zombie) processes whose process group is `pgid`, read from /proc directly.
func liveMembers(ofGroup pgid: Int32) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { name -> Int32? in
        guard let pid = Int32(name),
            let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 2, fields[0] != "Z", fields[0] != "X", Int32(fields[2]) == pgid else { return nil }
        return pid
    }
}

/// Reads a pid a child wrote to `path`, once it is there.
func pid(in path: String) async -> Int32? {
    var pid: Int32?
    _ = await eventually {
        pid = (try? String(contentsOfFile: path, encoding: .utf8)).flatMap {
            Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return pid != nil
    }
    return pid
}

@Suite struct RuntimeFixtureTests {
    @Test func theShimIsBuiltBesideTheTestBundle() throws {
        let path = try RuntimeFixture.shimPath()
        #expect(path.hasSuffix("/devenv-shim"))
    }

    @Test func shimArgumentsCarryTheSpec() {
        let spec = ProcessSpec(
            argv: ["run", "--flag"], workingDirectory: "/srv", logPath: "/l/x.log", logMaxBytes: 100, logKeep: 2,
            user: "nobody")
        let credentials = Credentials(uid: 65534, gid: 65534, groups: [65534, 4])
        let arguments = ProcessRuntime.shimArguments(for: spec, shimPath: "/bin/devenv-shim", parent: 42, credentials: credentials)
        #expect(
            arguments == [
                "/bin/devenv-shim", "--log", "/l/x.log", "--log-max-bytes", "100", "--log-keep", "2", "--cwd", "/srv",
                "--parent-pid", "42", "--user", "65534:65534:65534,4", "--", "run", "--flag",
            ])
    }

    @Test func credentialsAreLookedUpWithTheUsersGroups() throws {
        let nobody = try #require(Credentials(user: "nobody"))
        #expect(nobody.uid == 65534)
        #expect(nobody.groups.contains(nobody.gid))
        let root = try #require(Credentials(user: "root"))
        #expect(root.uid == 0 && root.gid == 0)
        #expect(Credentials(user: "no-such-user-devenv") == nil)
    }

    @Test func theShimIsAStaticExecutable() throws {
        // No dynamic loader, no Swift runtime to load: each of an environment's processes pays
        // for an exec, not for resolving thousands of symbols.
        let path = try RuntimeFixture.shimPath()
        let file = try #require(FileHandle(forReadingAtPath: path))
        defer { try? file.close() }
        let header = [UInt8](try #require(try file.read(upToCount: 64 * 1024)))
        #expect(header.prefix(5) == [0x7F, 0x45, 0x4C, 0x46, 2], "not a 64-bit ELF file")
        func integer(at offset: Int, size: Int) -> Int {
            (0..<size).reduce(0) { $0 | Int(header[offset + $1]) << (8 * $1) }
        }
        let (table, entrySize, count) = (integer(at: 32, size: 8), integer(at: 54, size: 2), integer(at: 56, size: 2))
        let types = (0..<count).map { integer(at: table + $0 * entrySize, size: 4) }
        #expect(!types.isEmpty)
        #expect(!types.contains(3), "the shim has a PT_INTERP program header (a dynamic loader): it is not linked statically")
    }
}
