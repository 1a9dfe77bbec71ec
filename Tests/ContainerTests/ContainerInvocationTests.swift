import Glibc
import Testing

@testable import Supervisor

/// The container CLI's command lines, without running anything.
@Suite struct ContainerInvocationTests {
    let labels = ContainerLabels(root: "/home/me/shop", environment: "dev", service: "adder", replica: 1)
    let podman = ContainerCLI(kind: .podman, path: "/usr/bin/podman", environment: ["PATH": "/usr/bin", "HOME": "/home/me"])

    @Test func runIsForegroundRemovedOnHostNetworkLabelledWithStopSettings() {
        let spec = ContainerSpec(image: "localhost/demo:1", command: ["/demo-app", "adder"], workingDirectory: "/app",
                                 user: "nobody", mounts: [.init(source: "/srv/a", target: "/a"),
                                                          .init(source: "/srv/b", target: "/b", readOnly: true)],
                                 labels: labels, stopSignal: SIGINT, stopTimeout: .milliseconds(2500))
        let argv = podman.runInvocation(spec, name: "devenv-dev-adder-1-0000abcd", pidFile: "/run/x.pid").argv
        #expect(argv == [
            "/usr/bin/podman", "run", "--rm", "--pull", "never", "--name", "devenv-dev-adder-1-0000abcd", "--network", "host",
            "--label", "devenv.root=/home/me/shop", "--label", "devenv.env=dev", "--label", "devenv.service=adder",
            "--label", "devenv.replica=1", "--stop-signal", "SIGINT", "--stop-timeout", "3",
            "--volume", "/srv/a:/a", "--volume", "/srv/b:/b:ro", "--workdir", "/app", "--user", "nobody", "--pidfile", "/run/x.pid", "localhost/demo:1", "/demo-app", "adder",
        ])
        #expect(!argv.contains { $0.hasPrefix("--runtime") || $0.hasPrefix("--ulimit") || $0 == "-d" })
    }

    @Test func environmentValuesTravelInTheCLIsEnvironmentNotOnItsCommandLine() {
        let spec = ContainerSpec(image: "img", environment: ["DATABASE_URL": "postgresql://app:s3cret@127.0.0.1/app",
                                                             "PORT": "4000", "HOME": "/srv"],
                                 labels: labels)
        let invocation = podman.runInvocation(spec, name: "n", pidFile: nil)
        #expect(!invocation.argv.joined(separator: " ").contains("s3cret"))
        #expect(invocation.argv.contains("DATABASE_URL") && invocation.argv.contains("PORT"))
        #expect(invocation.environment["DATABASE_URL"] == "postgresql://app:s3cret@127.0.0.1/app")
        #expect(invocation.environment["PORT"] == "4000")
        // HOME is the CLI's own: the container's value goes on the command line, the CLI keeps its.
        #expect(invocation.argv.contains("HOME=/srv"))
        #expect(invocation.environment["HOME"] == "/home/me")
    }

    @Test func dockerGetsNoPidFileAndTheImagesOwnCommandWhenNoneIsGiven() {
        let docker = ContainerCLI(kind: .docker, path: "/usr/bin/docker", environment: [:])
        let argv = docker.runInvocation(ContainerSpec(image: "img:2", labels: labels), name: "n", pidFile: "/x.pid").argv
        #expect(!argv.contains("--pidfile"))
        #expect(argv.last == "img:2")
        #expect(docker.forceRemoveArguments(["a"]) == ["rm", "--force", "a"])
        #expect(podman.forceRemoveArguments(["a"]) == ["rm", "--force", "--time", "0", "a"])
    }

    @Test func containerNamesAreValidAndDifferPerStartAndPerRoot() {
        let name = labels.containerName(token: 1)
        #expect(name.hasPrefix("devenv-dev-adder-1-") && name.count == "devenv-dev-adder-1-".count + 8)
        #expect(labels.containerName(token: 2) != name)
        var elsewhere = labels
        elsewhere.root = "/home/me/other"
        #expect(elsewhere.containerName(token: 1) != name)
        let odd = ContainerLabels(root: "/r", environment: "stäging", service: "a.b c", replica: 0)
        #expect(odd.containerName(token: 1).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) })
    }

    @Test func theProcessRuntimeRefusesAContainerSpec() async throws {
        let runtime = ProcessRuntime(shimPath: "/nonexistent/devenv-shim", forkServer: false)
        let spec = ProcessSpec.container(ContainerSpec(image: "img", labels: labels), logPath: "/tmp/x.log")
        let error = await #expect(throws: RuntimeError.self) { _ = try await runtime.start(spec) }
        #expect(error?.code == .launchFailed)
        #expect(error?.message.contains("ContainerRuntime") == true)
    }

    @Test func aRootlessCgroupV1RefusalToPauseIsRecognised() {
        let refusal = CommandOutput(status: .exited(125), stderr:
            "Error: can not pause containers on rootless containers with cgroup V1: this container does not have a cgroup\n")
        #expect(ContainerRuntime.cannotFreeze(refusal))
        #expect(!ContainerRuntime.cannotFreeze(CommandOutput(status: .exited(125), stderr: "Error: no such container x\n")))
    }

    @Test func aFailureIsTheToolsErrorLinesWithoutItsWarnings() {
        let output = CommandOutput(status: .exited(125), stderr: """
            time="2026-12-04T21:34:11Z" level=warning msg="\\"/\\" is not a shared mount"
            Error: invalid signal: SIGFOO

            """)
        #expect(output.failure == "Error: invalid signal: SIGFOO")
        #expect(CommandOutput(status: .exited(3)).failure == "exit 3")
    }
}
