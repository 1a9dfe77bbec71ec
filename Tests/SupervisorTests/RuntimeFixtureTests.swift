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
        let arguments = ProcessRuntime.shimArguments(for: spec, shimPath: "/bin/devenv-shim", parent: 42)
        #expect(
            arguments == [
                "/bin/devenv-shim", "--log", "/l/x.log", "--log-max-bytes", "100", "--log-keep", "2", "--cwd", "/srv",
                "--parent-pid", "42", "--user", "nobody", "--", "run", "--flag",
            ])
    }
}
