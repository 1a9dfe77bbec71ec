import ContainerTestSupport
import Foundation
import Glibc
import Testing

@testable import Supervisor

/// Postgres in a container, from an image of this machine's own Postgres binaries, its data in
/// a host directory handed over to the container's postgres user (999).
@Suite(.serialized) struct ContainerPostgresTests {
    @Test func postgresRunsAsPostgresOnLoopbackAndItsDataOutlivesTheContainer() async throws {
        try await ContainerTestbed.with { bed in
            let image = try await TestImages.postgres(bed.cli)
            let data = bed.directory + "/postgres"
            try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
            try await bed.cli.handOver(data, to: "999:999")
            let port = try Loopback.freePort()
            let spec = bed.spec("postgres", image: image, command: TestImages.postgresCommand, port: port) {
                $0.user = "postgres"
                $0.environment["TZ"] = "UTC"
                $0.environment["PGDATA"] = "/var/lib/devenv/data"
                $0.mounts = [ContainerMount(source: data, target: "/var/lib/devenv")]
                $0.stopSignal = SIGINT  // Postgres's fast shutdown
            }

            let first = try await bed.runtime.start(spec)
            #expect(await eventually(within: .seconds(60)) { psql(port, "select 1") == "1" },
                    "Postgres answers on \(port): \(bed.messages("postgres").suffix(10))")
            let main = try #require(bed.runtime.mainProcess(of: first))
            #expect(command(of: main) == "postgres")
            #expect(psql(port, "create table kept (x int); insert into kept values (42)") != nil)
            #expect(await bed.runtime.stop(first, teardown: Teardown(signal: SIGINT, grace: .seconds(10))) == .exited(0))

            let second = try await bed.runtime.start(spec)
            #expect(await eventually(within: .seconds(30)) { psql(port, "select x from kept") == "42" })
            #expect(await bed.runtime.stop(second, teardown: Teardown(signal: SIGINT, grace: .seconds(10))) == .exited(0))
        }
    }

    /// psql's unaligned output of `sql`, or `nil` when it fails.
    private func psql(_ port: Int, _ sql: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "postgres",
                             "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", sql]
        process.environment = ["PGCONNECT_TIMEOUT": "2", "PATH": "/usr/bin:/bin"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 0 ? text.trimmingCharacters(in: .whitespacesAndNewlines) : nil
    }
}
