import Foundation
import Testing

/// More of the lifecycle with real processes: ports, purge, ls, logs of replicas, attach.
@Suite(.serialized) struct LifecycleTests {
    @Test func autoPortsStayStableAcrossDownAndUp() throws {
        let sandbox = try Fixtures.project(["dev": """
            services:
              web:
                command: "exec python3 server.py"
                port: auto
                replicas: 2
                health: { http: /health }
            """])
        defer { sandbox.tearDown() }
        #expect(try sandbox.run("up").status == 0)
        let ports = try sandbox.replicas("web").compactMap { ($0["port"] as? NSNumber)?.intValue }
        #expect(ports.count == 2)
        #expect(try sandbox.run("down").status == 0)
        #expect(try sandbox.run("up").status == 0)
        #expect(try sandbox.replicas("web").compactMap { ($0["port"] as? NSNumber)?.intValue } == ports)
    }

    @Test func purgeDeletesStateAndLogsButPlainDownKeepsThem() throws {
        let sandbox = try Fixtures.project(["dev": "services:\n  web:\n    command: \"echo hello; exec sleep 1000\"\n"])
        defer { sandbox.tearDown() }
        #expect(try sandbox.run("up").status == 0)
        #expect(try sandbox.run("down").status == 0)
        let log = sandbox.root + "/.devenv/dev/logs/web.0.log"
        #expect(FileManager.default.fileExists(atPath: log))
        #expect(try !sandbox.events().isEmpty)
        let purge = try sandbox.run("down", "--purge")
        #expect(purge.status == 0)
        #expect(purge.stdout == "dev: stopped and purged\n")
        #expect(!FileManager.default.fileExists(atPath: sandbox.root + "/.devenv/dev"))
        #expect(try sandbox.events().isEmpty)
        #expect(try sandbox.replicas("web").isEmpty)
    }

    @Test func listShowsARunningEnvironment() throws {
        let sandbox = try Fixtures.project(["dev": "services:\n  web:\n    command: exec sleep 1000\n", "other": ""])
        defer { sandbox.tearDown() }
        #expect(try sandbox.run("up").status == 0)
        let rows = try JSONSerialization.jsonObject(with: Data(try sandbox.run("ls", "--json").stdout.utf8)) as? [[String: Any]]
        #expect(rows?.first { $0["name"] as? String == "dev" }?["state"] as? String == "running")
        #expect(rows?.first { $0["name"] as? String == "other" }?["state"] as? String == "stopped")
    }

    @Test func logsInterleaveTwoReplicas() throws {
        let sandbox = try Fixtures.project(["dev": """
            services:
              web:
                command: "echo hello from replica $DEVENV_REPLICA; exec sleep 1000"
                replicas: 2
            """])
        defer { sandbox.tearDown() }
        #expect(try sandbox.run("up").status == 0)
        let found = eventually {
            let out = (try? sandbox.run("logs", "web").stdout) ?? ""
            return out.contains("web.0 | hello from replica 0") && out.contains("web.1 | hello from replica 1")
        }
        #expect(found)
    }

    @Test func statusOfAnUnknownEnvironmentListsTheKnownOnes() throws {
        let sandbox = try Fixtures.project(["dev": ""])
        defer { sandbox.tearDown() }
        let result = try sandbox.run("status", "nope")
        #expect(result.status == 1)
        #expect(result.stderr.contains("Environments found: dev"))
    }

    @Test func attachStreamsLogsAndCtrlCBringsTheEnvironmentDown() throws {
        let sandbox = try Fixtures.project(["dev": """
            services:
              ticker:
                command: "echo first; sleep 1.5; echo second; exec sleep 1000"
            """])
        defer { sandbox.tearDown() }
        let output = sandbox.root + "/attach.out"
        FileManager.default.createFile(atPath: output, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.devenv)
        process.arguments = ["up", "--attach"]
        process.currentDirectoryURL = URL(fileURLWithPath: sandbox.root)
        process.standardOutput = FileHandle(forWritingAtPath: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        let streamed = eventually { ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").contains("ticker.0 | second") }
        #expect(streamed)
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(try sandbox.status()["state"] as? String == "stopped")
    }

    @Test func aReplicaFailingItsHealthCheckIsRestarted() throws {
        let sandbox = try Fixtures.project(["dev": """
            services:
              web:
                command: "exec python3 server.py"
                port: auto
                health: { http: /health, interval: 100ms, retries: 2 }
            """])
        defer { sandbox.tearDown() }
        #expect(try sandbox.run("up").status == 0)
        let first = try #require(try sandbox.pids("web").first)
        FileManager.default.createFile(atPath: sandbox.root + "/web.sick", contents: nil)
        let restarted = eventually {
            let replica = (try? sandbox.replicas("web").first) ?? [:]
            return (replica["restarts"] as? NSNumber)?.intValue ?? 0 >= 1
        }
        #expect(restarted, "liveness restarted the replica")
        #expect(!Processes.isAlive(first))
        try FileManager.default.removeItem(atPath: sandbox.root + "/web.sick")
        #expect(eventually { (try? sandbox.replicas("web").first?["health"] as? String) == "healthy" })
        #expect(try sandbox.events().contains { ($0["message"] as? String)?.contains("failed its liveness check") == true })
    }
}
