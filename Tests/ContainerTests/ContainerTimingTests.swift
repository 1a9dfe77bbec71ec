import ContainerTestSupport
import Foundation
import Glibc
import Testing

@testable import Supervisor

/// How long a container takes to serve through ContainerRuntime against `podman run -d` of the
/// same image by hand, and how soon a paused one serves again; printed as `containers:` lines
/// (bench/containers/run.sh reads them). The bounds are loose: they catch a runtime that waits
/// needlessly, not noise.
@Suite(.serialized) struct ContainerTimingTests {
    static let rounds = Int(ProcessInfo.processInfo.environment["CONTAINER_ROUNDS"] ?? "") ?? 3

    @Test func startingThroughTheRuntimeCostsAboutWhatPodmanRunDetachedDoes() async throws {
        try await ContainerTestbed.with { bed in
            let image = try await TestImages.busybox(bed.cli)
            var byHand: [Duration] = []
            var byRuntime: [Duration] = []
            for round in 0..<Self.rounds {
                let port = try Loopback.freePort()
                let name = "devenv-timing-\(bed.environment)-\(round)"
                let started = ContinuousClock.now
                let run = await bed.cli.run(["run", "-d", "--rm", "--name", name, "--network", "host",
                                             "--label", "\(ContainerLabels.rootKey)=\(bed.directory)",
                                             "--label", "\(ContainerLabels.environmentKey)=\(bed.environment)",
                                             "--env", "PORT=\(port)", image] + TestImages.httpdCommand)
                #expect(run.succeeded, "\(run.failure)")
                #expect(await Loopback.waitForHTTP(port: port) != nil)
                byHand.append(started.duration(to: .now))
                _ = await bed.cli.run(["rm", "--force", "--time", "0", name])

                let runtimePort = try Loopback.freePort()
                let begun = ContinuousClock.now
                let handle = try await bed.runtime.start(bed.spec("web", image: image, command: TestImages.httpdCommand,
                                                                  port: runtimePort))
                #expect(await Loopback.waitForHTTP(port: runtimePort) != nil)
                byRuntime.append(begun.duration(to: .now))
                _ = await bed.runtime.stop(handle, teardown: .kill)
            }
            let hand = median(byHand), runtime = median(byRuntime)
            print("containers: podman run -d by hand, start to serving: \(milliseconds(hand)) ms (median of \(Self.rounds))")
            print("containers: ContainerRuntime, start to serving: \(milliseconds(runtime)) ms (median of \(Self.rounds))")
            print("containers: ratio runtime/by hand: \(String(format: "%.2f", runtime / hand))")
            #expect(runtime <= hand * 2 + .milliseconds(100), "runtime \(runtime) vs by hand \(hand)")
        }
    }

    @Test func aPausedContainerServesSoonAfterResume() async throws {
        try await ContainerTestbed.with { bed in
            let (handle, port, _) = try await bed.startHTTPServer()
            var pauses: [Duration] = []
            var resumes: [Duration] = []
            for _ in 0..<Self.rounds {
                let pausing = ContinuousClock.now
                try bed.runtime.signal(handle, SIGSTOP)
                pauses.append(pausing.duration(to: .now))
                let resuming = ContinuousClock.now
                try bed.runtime.signal(handle, SIGCONT)
                #expect(await Loopback.waitForHTTP(port: port) != nil)
                resumes.append(resuming.duration(to: .now))
            }
            print("containers: pause: \(milliseconds(median(pauses))) ms; resume to serving: \(milliseconds(median(resumes))) ms (medians of \(Self.rounds))")
            #expect(median(resumes) < .milliseconds(500))
            _ = await bed.runtime.stop(handle, teardown: .kill)
        }
    }

    private func median(_ durations: [Duration]) -> Duration {
        durations.sorted()[durations.count / 2]
    }

    private func milliseconds(_ duration: Duration) -> String {
        String(format: "%.1f", Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15)
    }
}
