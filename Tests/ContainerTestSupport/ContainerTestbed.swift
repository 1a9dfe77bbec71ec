import Foundation
import Glibc
import Supervisor

/// What a container test needs: podman (the tests' container tool; their failure says what to
/// install when it is missing or does not work), a `ContainerRuntime` over the built
/// `devenv-shim`, a scratch directory standing for the project root, and a unique environment
/// name, so the containers a test starts are found and removed by their labels afterwards.
public final class ContainerTestbed: Sendable {
    public let cli: ContainerCLI
    public let runtime: ContainerRuntime
    public let processes: ProcessRuntime
    /// The scratch directory: the project root of the test's containers, and where logs go.
    public let directory: String
    /// The environment name on this test's containers.
    public let environment: String

    /// Runs `body` with a new testbed, then removes every container it labelled, and its directory.
    public static func with<Result>(_ body: (ContainerTestbed) async throws -> Result) async throws -> Result {
        let testbed = try await ContainerTestbed()
        do {
            let result = try await body(testbed)
            try await testbed.cleanUp()
            return result
        } catch {
            try? await testbed.cleanUp()
            throw error
        }
    }

    public init() async throws {
        let check = await ContainerCLI.check(.podman)
        guard check.works, let cli = check.cli else {
            throw PodmanUnavailable(problem: check.problem ?? "podman does not work", fix: check.fix ?? "")
        }
        self.cli = cli
        processes = ProcessRuntime(shimPath: try Self.shimPath())
        runtime = ContainerRuntime(cli: cli, processes: processes)
        directory = NSTemporaryDirectory() + "devenv-containers-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory + "/logs", withIntermediateDirectories: true)
        environment = "test-" + String(UUID().uuidString.prefix(8)).lowercased()
    }

    /// Removes the test's containers and directory.
    public func cleanUp() async throws {
        try await runtime.removeContainers(root: directory, environment: environment)
        try await cli.removeHandedOver(directory)
    }

    /// The labels of replica `replica` of `service` in this test's environment.
    public func labels(_ service: String, replica: Int = 0) -> ContainerLabels {
        ContainerLabels(root: directory, environment: environment, service: service, replica: replica)
    }

    /// A spec running `image` with `command` as replica 0 of `service`, `PORT` set to `port`,
    /// its log `logs/<service>.0.log`.
    public func spec(_ service: String, image: String, command: [String], port: Int?,
                     configure: (inout ContainerSpec) -> Void = { _ in }) -> ProcessSpec {
        var container = ContainerSpec(image: image, command: command, labels: labels(service),
                                      stopTimeout: .seconds(2))
        if let port { container.environment["PORT"] = String(port) }
        configure(&container)
        return .container(container, logPath: logPath(service), workingDirectory: directory)
    }

    public func logPath(_ service: String, replica: Int = 0) -> String {
        directory + "/logs/\(service).\(replica).log"
    }

    /// The log's lines without their timestamps.
    public func messages(_ service: String) -> [String] {
        let text = (try? String(contentsOfFile: logPath(service), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { String($0.dropFirst(25)) }
    }

    /// `devenv-shim` beside the running test bundle; `DEVENV_SHIM` overrides it.
    static func shimPath() throws -> String {
        let candidates = [ProcessInfo.processInfo.environment["DEVENV_SHIM"], ProcessRuntime.defaultShimPath]
        for case let candidate? in candidates where access(candidate, X_OK) == 0 {
            return candidate
        }
        throw TestImageError(message: "devenv-shim is not built at \(ProcessRuntime.defaultShimPath): run `swift build` first")
    }
}

/// podman is missing or does not work here: the test fails, saying what to install or configure.
public struct PodmanUnavailable: Error, CustomStringConvertible {
    public var problem: String
    public var fix: String
    public var description: String {
        "the container tests need podman, and \(problem): \(fix) (`make deps` installs podman, runc, uidmap and "
            + "busybox-static; .ci/run configures /etc/containers/containers.conf)"
    }
}
