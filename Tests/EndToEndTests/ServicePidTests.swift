import Foundation
import Testing

/// `status --json`'s `pid` is the service's own process, and however its supervising shim dies,
/// nothing the replica started survives it: the replica comes back on its port, no orphan left.
@Suite(.serialized) struct ServicePidTests {
    @Test func killingTheShimOrTheServiceLeavesNoOrphanAndTheReplicaComesBack() throws {
        // A shell that starts a grandchild holding a second port, then the server: both must go.
        let sandbox = try Fixtures.project(["dev": """
            services:
              web:
                command: "python3 -c 'import time; time.sleep(3600)' & exec python3 server.py"
                port: auto
                restart: always
                health: { http: /health, interval: 100ms, retries: 1 }
            """])
        defer { sandbox.tearDown() }
        #expect(try sandbox.run("up").status == 0)
        let replica = try #require(try sandbox.replicas("web").first)
        let port = try #require((replica["port"] as? NSNumber)?.intValue)
        let pid = try #require((replica["pid"] as? NSNumber)?.int32Value)
        #expect(Processes.commandLine(of: pid).contains("server.py"), "pid is the service: \(Processes.commandLine(of: pid))")
        let shim = try #require(Processes.parent(of: pid))
        #expect(Processes.commandLine(of: shim).contains("devenv-shim"), "its parent is the shim: \(Processes.commandLine(of: shim))")

        func servedAgain(after killed: Int32) throws -> Int32 {
            var next: Int32 = 0
            let back = eventually(within: 20) {
                guard let replica = try? sandbox.replicas("web").first,
                      let pid = (replica["pid"] as? NSNumber)?.int32Value, pid != killed,
                      replica["health"] as? String == "healthy", (replica["port"] as? NSNumber)?.intValue == port,
                      (try? HTTP.get(port: port, path: "/"))?.hasPrefix("HTTP/1.0 200") == true else { return false }
                next = pid
                return true
            }
            #expect(back, "the replica is back healthy on port \(port)")
            return next
        }
        func orphans() -> [Int32] {
            // The daemon itself is init's child by design; anything else there was left behind.
            Processes.running(under: sandbox.root).filter { Processes.parent(of: $0) == 1 && !Processes.commandLine(of: $0).contains(" daemon ") }
        }

        // 1. kill -9 the shim: the service and the shell's grandchild die with it.
        kill(shim, SIGKILL)
        let second = try servedAgain(after: pid)
        #expect(!Processes.isAlive(pid), "the old service is gone")
        #expect(eventually { orphans().isEmpty }, "orphans: \(orphans())")
        let restarts = try #require((try sandbox.replicas("web").first?["restarts"] as? NSNumber)?.intValue)
        #expect(restarts >= 1)

        // 2. kill -9 the service itself.
        kill(second, SIGKILL)
        _ = try servedAgain(after: second)
        #expect(eventually { orphans().isEmpty }, "orphans: \(orphans())")

        // pid and port are always present, null where there is none.
        let status = try sandbox.run("status", "--json").stdout
        #expect(status.contains("\"pid\":") && status.contains("\"port\":"))
        #expect(try sandbox.status()["state_errors"] as? Int == 0, "no write to the state db failed")
    }

    @Test func pidAndPortAreNullWhereThereIsNone() throws {
        let sandbox = try Fixtures.project(["dev": """
            services:
              job:
                kind: job
                command: "true"
            """])
        defer { sandbox.tearDown() }
        #expect(try sandbox.run("up").status == 0)
        let replica = try #require(try sandbox.replicas("job").first)
        #expect(replica["pid"] is NSNull, "\(replica)")
        #expect(replica["port"] is NSNull, "\(replica)")
    }
}
