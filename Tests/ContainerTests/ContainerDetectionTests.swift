import Foundation
import Glibc
import Testing

@testable import Supervisor

/// Which container tool works here, and the errors when none does.
@Suite struct ContainerDetectionTests {
    @Test func podmanIsFoundAndWorksHere() async throws {
        let check = await ContainerCLI.check(.podman)
        #expect(check.works, "podman must work for the container tests: \(check.problem ?? "") — \(check.fix ?? "")")
        let cli = try await ContainerCLI.detect()
        #expect(cli.kind == .podman)
        #expect(try await ContainerCLI.detect(.podman).path == check.cli?.path)
    }

    @Test func aToolThatIsNotInstalledIsAClearErrorSayingWhatToInstall() async throws {
        let nowhere = ["PATH": "/nonexistent"]
        let check = await ContainerCLI.check(.docker, environment: nowhere)
        if check.cli == nil {
            #expect(check.problem == "docker is not installed")
            #expect(check.fix?.contains("apt-get install docker.io") == true)
        }
        let error = await #expect(throws: RuntimeError.self) {
            _ = try await ContainerCLI.detect(.docker, environment: ["PATH": "/nonexistent", "DOCKER_HOST": "unix:///nonexistent.sock"])
        }
        #expect(error?.code == .noContainerRuntime)
        #expect(error?.message.contains("containers.runtime") == true)
        #expect(error?.message.contains("docker") == true)
    }

    @Test func aToolThatIsInstalledButFailsNamesItsMessageAndWhatToConfigure() async throws {
        // podman with a containers.conf naming an OCI runtime that does not exist.
        let conf = "/tmp/devenv-broken-containers-\(UInt32.random(in: 0...UInt32.max)).conf"
        try "[engine]\nruntime = \"no-such-oci-runtime\"\n".write(toFile: conf, atomically: true, encoding: .utf8)
        defer { unlink(conf) }
        var environment = ContainerCLI.inheritedEnvironment()
        environment["CONTAINERS_CONF"] = conf
        let check = await ContainerCLI.check(.podman, environment: environment)
        #expect(!check.works)
        #expect(check.problem?.contains("`podman info` fails") == true)
        #expect(check.problem?.contains("no-such-oci-runtime") == true)
        #expect(check.fix?.contains("containers.conf") == true)
    }
}
