import ContainerTestSupport
import Foundation
import Glibc

@testable import Supervisor

/// Waits for `condition`, checking every 10 ms, up to `timeout`.
func eventually(within timeout: Duration = .seconds(10), _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return await condition()
}

/// `/proc/<pid>/comm`, or `nil`.
func command(of pid: Int32) -> String? {
    (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
}

extension ContainerTestbed {
    /// The names of the containers labelled with this test's root and environment.
    func leftovers() async throws -> [String] {
        try await cli.containers(root: directory, environment: environment).map(\.name)
    }

    /// `inspect --format FORMAT` of a container, trimmed; `nil` when there is no such container.
    func inspect(_ name: String, _ format: String) async -> String? {
        let output = await cli.run(["inspect", "--format", format, name])
        return output.succeeded ? output.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : nil
    }

    /// Starts busybox's httpd as `service` on a free port; its handle, port and container name,
    /// once it answers.
    func startHTTPServer(_ service: String = "web", command: [String] = TestImages.httpdCommand) async throws
        -> (handle: ProcessHandle, port: Int, name: String)
    {
        let image = try await TestImages.busybox(cli)
        let port = try Loopback.freePort()
        let handle = try await runtime.start(spec(service, image: image, command: command, port: port))
        guard await Loopback.waitForHTTP(port: port) != nil else {
            throw TestImageError(message: "\(service) did not answer on port \(port): \(messages(service))")
        }
        return (handle, port, runtime.containerName(of: handle) ?? "")
    }
}
