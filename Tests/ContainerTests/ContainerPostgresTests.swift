import ContainerTestSupport
import Foundation
import Glibc
import Testing

@testable import Supervisor

/// Postgres in a container, from an image of this machine's own Postgres binaries.
@Suite(.serialized) struct ContainerPostgresTests {
    @Test func postgresRunsInAContainerAsPostgresAndAcceptsConnectionsOnLoopback() async throws {
        try await ContainerTestbed.with { bed in
            let image = try await TestImages.postgres(bed.cli)
            let port = Loopback.freePort()
            let handle = try await bed.runtime.start(bed.spec("postgres", image: image, command: TestImages.postgresCommand, port: port) {
                $0.user = "postgres"
                $0.environment["TZ"] = "UTC"
                $0.stopSignal = SIGINT  // Postgres's fast shutdown
            })
            let ready = await eventually(within: .seconds(60)) { pgIsReady(port: port) }
            #expect(ready, "Postgres answers on \(port): \(bed.messages("postgres").suffix(10))")
            let main = try #require(bed.runtime.mainProcess(of: handle))
            #expect(command(of: main) == "postgres")
            #expect(await bed.runtime.stop(handle, teardown: Teardown(signal: SIGINT, grace: .seconds(10))) == .exited(0))
        }
    }

    private func pgIsReady(port: Int) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pg_isready")
        process.arguments = ["-h", "127.0.0.1", "-p", String(port), "-t", "1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
