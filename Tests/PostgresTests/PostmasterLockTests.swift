import ContainerTestSupport
import Foundation
import Glibc
import Postgres
import Testing

extension PostgresSuite {
    @Suite("A stale postmaster.pid is cleared; a live server's is not")
    struct PostmasterLockTests {
        @Test("a pid file naming a dead process, or a live non-Postgres one, is cleared and the server starts")
        func staleLockCleared() throws {
            let root = try TestServer.makeTemporaryDirectory()
            defer { _ = try? TestServer.run(["/bin/rm", "-rf", root]) }
            let cluster = PostgresCluster(directory: root + "/.devenv/stale/postgres", installation: TestServer.installation)
            try cluster.prepare(templateCache: TestServer.sharedTemplateCache)
            let pidFile = cluster.dataDirectory + "/postmaster.pid"

            let finished = Process()
            finished.executableURL = URL(fileURLWithPath: "/bin/true")
            try finished.run()
            finished.waitUntilExit()
            let deadPID = finished.processIdentifier
            #expect(kill(deadPID, 0) != 0)
            // pid 1 is alive but is not a Postgres: a pid reused after a container restart.
            for pid in [deadPID, 1] {
                try lockFile(pid: pid, cluster: cluster, port: 5432).write(toFile: pidFile, atomically: true, encoding: .utf8)
                let report = try cluster.prepare(templateCache: TestServer.sharedTemplateCache)
                #expect(report.clearedStaleLock)
                #expect(!FileManager.default.fileExists(atPath: pidFile))
            }

            // The server now starts on the cleared directory.
            let port = try Loopback.freePort()
            let process = try TestServer.launch(cluster, port: port, settings: [:], log: root + "/postgres.log")
            defer {
                kill(process.processIdentifier, SIGINT)
                process.waitUntilExit()
            }
            try TestServer.waitFor(deadline: .seconds(30), "the server") {
                PGConnection.ping(url: "host=127.0.0.1 port=\(port) dbname=postgres") == .ok
            }
        }

        @Test("the pid file of a live server is kept, even when its pid no longer matches but backends still run")
        func liveLockKept() throws {
            let server = try TestServer()
            defer { server.stop() }
            let pidFile = server.cluster.dataDirectory + "/postmaster.pid"
            let original = try String(contentsOfFile: pidFile, encoding: .utf8)
            let report = try server.cluster.prepare(templateCache: TestServer.sharedTemplateCache)
            #expect(!report.clearedStaleLock)
            #expect(try String(contentsOfFile: pidFile, encoding: .utf8) == original)

            // A dead postmaster pid while Postgres processes still work in the directory (orphaned
            // backends after a kill -9): clearing would defeat Postgres' interlock, so it stays.
            var lines = original.split(separator: "\n", omittingEmptySubsequences: false)
            lines[0] = "4194000"
            try lines.joined(separator: "\n").write(toFile: pidFile, atomically: false, encoding: .utf8)
            let orphaned = try server.cluster.prepare(templateCache: TestServer.sharedTemplateCache)
            try original.write(toFile: pidFile, atomically: false, encoding: .utf8)
            #expect(!orphaned.clearedStaleLock)
            #expect(PGConnection.ping(url: server.superuserURL) == .ok)
        }

        private func lockFile(pid: pid_t, cluster: PostgresCluster, port: Int) -> String {
            "\(pid)\n\(cluster.dataDirectory)\n1700000000\n\(port)\n\n127.0.0.1\n  5432001     32768\nready   \n"
        }
    }
}
