import ContainerTestSupport
import Foundation
import Glibc
import Synchronization
import Testing

@testable import Supervisor

/// Real containers through podman: a busybox HTTP server started, reached, paused, resumed and stopped.
@Suite(.serialized) struct ContainerRuntimeTests {
    @Test func aContainerServesOnItsPortOnLoopbackWithItsOutputInTheLog() async throws {
        try await ContainerTestbed.with { bed in
            let (handle, port, name) = try await bed.startHTTPServer()
            #expect(Loopback.get(port: port) == "devenv test page\n")
            #expect(await eventually { bed.messages("web").contains { $0.contains("response:200") } },
                    "httpd's request lines in the log: \(bed.messages("web"))")
            #expect(await bed.inspect(name, #"{{index .Config.Labels "devenv.root"}} {{index .Config.Labels "devenv.env"}} {{index .Config.Labels "devenv.service"}} {{index .Config.Labels "devenv.replica"}}"#)
                    == "\(bed.directory) \(bed.environment) web 0")
            // status's pid: the container's main process on the host, not the CLI under the shim.
            let main = try #require(bed.runtime.mainProcess(of: handle))
            #expect(command(of: main) == "httpd")
            #expect(ServiceProcess.pids(underShims: [handle.pid])[handle.pid] != main)
            #expect(bed.runtime.mainProcesses(underShims: [handle.pid, 1]) == [handle.pid: main])
            _ = await bed.runtime.stop(handle, teardown: Teardown(signal: SIGKILL, grace: .zero))
        }
    }

    @Test func pauseFreezesTheContainerAndResumeServesAgain() async throws {
        try await ContainerTestbed.with { bed in
            let (handle, port, name) = try await bed.startHTTPServer()
            let main = try #require(bed.runtime.mainProcess(of: handle))
            try bed.runtime.signal(handle, SIGSTOP)
            if getuid() == 0 {
                #expect(await bed.inspect(name, "{{.State.Status}}") == "paused")
            } else {
                // Rootless podman cannot pause on this kernel's cgroup v1 ("can not pause containers on
                // rootless containers with cgroup V1: this container does not have a cgroup"): every
                // process of the container gets SIGSTOP instead.
                #expect(bed.runtime.pausesBySignal.withLock { $0 }, "podman paused a rootless container itself")
                #expect(await eventually { ProcStat(pid: main)?.state == UInt8(ascii: "T") })
            }
            #expect(Loopback.get(port: port, timeout: .milliseconds(300)) == nil, "a paused container answers nothing")
            try bed.runtime.signal(handle, SIGSTOP)  // twice is once
            try bed.runtime.signal(handle, SIGCONT)
            #expect(Loopback.get(port: port) == "devenv test page\n")
            #expect(await bed.inspect(name, "{{.State.Status}}") == "running")
            try bed.runtime.signal(handle, SIGCONT)  // not paused: nothing to do
            _ = await bed.runtime.stop(handle, teardown: .kill)
        }
    }

    @Test func stopGivesAServiceThatHandlesTERMItsExitAndRemovesTheContainer() async throws {
        try await ContainerTestbed.with { bed in
            let (handle, port, _) = try await bed.startHTTPServer(command: TestImages.gracefulHttpdCommand)
            let started = ContinuousClock.now
            let status = await bed.runtime.stop(handle, teardown: Teardown(signal: SIGTERM, grace: .seconds(5)))
            #expect(status == .exited(0))
            #expect(started.duration(to: .now) < .seconds(4))
            #expect(bed.messages("web").contains("stopping"))
            #expect(Loopback.get(port: port, timeout: .milliseconds(300)) == nil)
            #expect(try await bed.leftovers().isEmpty)
        }
    }

    @Test func stopKillsAServiceThatIgnoresTERMAfterItsStopTimeout() async throws {
        try await ContainerTestbed.with { bed in
            // httpd as the container's pid 1 ignores SIGTERM.
            let (handle, _, _) = try await bed.startHTTPServer()
            let started = ContinuousClock.now
            let status = await bed.runtime.stop(handle, teardown: Teardown(signal: SIGTERM, grace: .seconds(1)))
            let took = started.duration(to: .now)
            #expect(status == .exited(137))
            #expect(took >= .seconds(1) && took < .seconds(8), "took \(took)")
            #expect(try await bed.leftovers().isEmpty)
        }
    }

    @Test func aSignalReachesTheContainerAndItsExitIsMirrored() async throws {
        try await ContainerTestbed.with { bed in
            let (handle, _, _) = try await bed.startHTTPServer(command: TestImages.gracefulHttpdCommand)
            try bed.runtime.signal(handle, SIGSTOP)
            try bed.runtime.signal(handle, SIGTERM)  // a paused container is resumed to act on it
            #expect(await bed.runtime.wait(handle) == .exited(0))
            #expect(throws: RuntimeError.self) { try bed.runtime.signal(handle, SIGTERM) }
        }
    }

    @Test func aContainerThatExitsAtOnceIsAnExitNotAnError() async throws {
        try await ContainerTestbed.with { bed in
            let image = try await TestImages.busybox(bed.cli)
            let handle = try await bed.runtime.start(bed.spec("job", image: image, command: ["/bin/sh", "-c", "echo done; exit 3"], port: nil))
            #expect(await bed.runtime.wait(handle) == .exited(3))
            #expect(bed.messages("job").contains("done"))
            let missing = try await bed.runtime.start(bed.spec("nocmd", image: image, command: ["/no/such/program"], port: nil))
            #expect(await bed.runtime.wait(missing) == .exited(127))
        }
    }
}
