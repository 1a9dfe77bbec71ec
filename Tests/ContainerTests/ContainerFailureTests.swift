import ContainerTestSupport
import Foundation
import Glibc
import Testing

@testable import Supervisor

/// What is left when the CLI or the daemon dies, and bad input that must change nothing.
@Suite(.serialized) struct ContainerFailureTests {
    @Test func aContainerWhoseShimAndCLIWereKilledIsFoundByItsLabelsAndRemoved() async throws {
        try await ContainerTestbed.with { bed in
            let (handle, port, name) = try await bed.startHTTPServer()
            let (other, _, otherName) = try await bed.startHTTPServer("other")
            // What a dying daemon's shim does: SIGKILL to its whole group, the CLI with it.
            kill(-handle.pid, SIGKILL)
            kill(-other.pid, SIGKILL)
            #expect(await eventually { !ProcessIdentity.isAlive(pid: handle.pid, startTime: handle.startTime) })
            #expect(Loopback.get(port: port) == "devenv test page\n", "the container outlives its CLI")
            let left = try await bed.cli.containers(root: bed.directory, environment: bed.environment)
            #expect(Set(left.map(\.name)) == [name, otherName])
            // Another environment's containers are not this one's.
            #expect(try await bed.cli.containers(root: bed.directory, environment: bed.environment + "x").isEmpty)
            let removed = try await bed.runtime.removeContainers(root: bed.directory, environment: bed.environment)
            #expect(Set(removed.map(\.name)) == [name, otherName])
            #expect(!FileManager.default.fileExists(atPath: bed.runtime.scratchDirectory + "/\(name).pid"))
            #expect(try await bed.leftovers().isEmpty)
            #expect(Loopback.get(port: port, timeout: .milliseconds(300)) == nil)
            #expect(try await bed.runtime.removeContainers(root: bed.directory, environment: bed.environment).isEmpty)
        }
    }

    @Test func aCLIKilledWhileTheDaemonLivesTakesItsContainerWithIt() async throws {
        try await ContainerTestbed.with { bed in
            let (handle, port, name) = try await bed.startHTTPServer()
            let cli = try #require(ServiceProcess.pids(underShims: [handle.pid])[handle.pid])
            kill(cli, SIGKILL)
            #expect(await bed.runtime.wait(handle) == .signaled(SIGKILL))
            #expect(await bed.inspect(name, "{{.State.Status}}") == nil, "the container is removed")
            #expect(Loopback.get(port: port, timeout: .milliseconds(300)) == nil)
        }
    }

    @Test func aMissingImageIsAClearErrorAndNothingStarts() async throws {
        try await ContainerTestbed.with { bed in
            let image = "localhost/devenv-no-such-image:1"
            let error = await #expect(throws: RuntimeError.self) {
                _ = try await bed.runtime.start(bed.spec("web", image: image, command: [], port: 1))
            }
            #expect(error?.code == .imageMissing)
            #expect(error?.message.contains("'\(image)' is not present locally") == true)
            #expect(error?.message.contains("podman pull \(image)") == true)
            #expect(error?.message.contains("podman load") == true && error?.message.contains("podman import") == true)
            #expect(!FileManager.default.fileExists(atPath: bed.logPath("web")), "no CLI was started")
            let left = try await bed.leftovers()
            #expect(left.isEmpty)
        }
    }

    @Test func anImageRemovedAfterAStartIsStillAClearErrorAndNeverPulled() async throws {
        try await ContainerTestbed.with { bed in
            let busybox = try await TestImages.busybox(bed.cli)
            let image = "localhost/devenv-test-gone:\(bed.environment)"
            #expect(await bed.cli.run(["tag", busybox, image]).succeeded)
            let first = try await bed.runtime.start(bed.spec("job", image: image, command: ["true"], port: nil))
            #expect(await bed.runtime.wait(first) == .exited(0))
            #expect(await bed.cli.run(["rmi", image]).succeeded)
            let error = await #expect(throws: RuntimeError.self) {
                _ = try await bed.runtime.start(bed.spec("job", image: image, command: ["true"], port: nil))
            }
            #expect(error?.code == .imageMissing)
            #expect(error?.message.contains("podman pull \(image)") == true)
        }
    }

    @Test func theRuntimeRefusingToStartAContainerIsAnErrorWithItsOwnMessage() async throws {
        try await ContainerTestbed.with { bed in
            let image = try await TestImages.busybox(bed.cli)
            let error = await #expect(throws: RuntimeError.self) {
                _ = try await bed.runtime.start(bed.spec("web", image: image, command: ["true"], port: nil) { $0.user = "nosuchuser" })
            }
            #expect(error?.code == .containerRefused)
            #expect(error?.message.contains("unable to find user nosuchuser") == true, "\(error?.message ?? "")")
            let left = try await bed.leftovers()
            #expect(left.isEmpty)
        }
    }
}
