import Foundation
import Testing

/// `up`, `down`, `status` with real processes. Serialized: each test starts real servers.
@Suite(.serialized) struct UpDownTests {
    @Test func upStartsInDependencyOrderAndDownStopsEverything() throws {
        let sandbox = try Fixtures.project(["dev": """
            services:
              migrate:
                kind: job
                command: "echo migrate >> order.txt"
              api:
                command: "echo api >> order.txt && exec python3 server.py"
                port: auto
                depends_on: { migrate: completed }
                health: { http: /health, interval: 200ms }
              web:
                command: "echo web >> order.txt && exec python3 server.py"
                port: auto
                replicas: 2
                depends_on: { api: healthy }
                health: { http: /health, interval: 200ms }
              worker:
                command: "echo worker >> order.txt && exec sleep 1000"
                depends_on: [api]
            """])
        defer { sandbox.tearDown() }
        let up = try sandbox.run("up")
        #expect(up.status == 0, "\(up.stderr)")
        #expect(up.stdout.contains("dev is running: 4 service(s), 5 replica(s)"))

        let order = try String(contentsOfFile: sandbox.root + "/order.txt", encoding: .utf8).split(separator: "\n")
        #expect(order.first == "migrate", "the job ran before everything that depends on it")
        let api = try #require(order.firstIndex(of: "api"))
        let webs = order.indices.filter { order[$0] == "web" }
        #expect(webs.count == 2 && webs.allSatisfy { $0 > api }, "web waited for api to be healthy")
        #expect(order.filter { $0 == "worker" }.count == 1)
        #expect(order.count == 5, "\(order)")

        let status = try sandbox.status()
        #expect(status["environment"] as? String == "dev")
        #expect(status["state"] as? String == "running")
        #expect(status.keys.contains("router") && status.keys.contains("postgres"))
        let web = try sandbox.replicas("web")
        #expect(web.count == 2)
        #expect(web.allSatisfy { $0["state"] as? String == "running" && $0["health"] as? String == "healthy" })
        let ports = web.compactMap { ($0["port"] as? NSNumber)?.intValue }
        #expect(Set(ports).count == 2, "each replica has its own port")
        #expect(try sandbox.replicas("migrate").first?["state"] as? String == "exited")
        // Each replica answers on its own port, with its own identity.
        for (index, port) in ports.enumerated() {
            #expect(try HTTP.get(port: port, path: "/").hasSuffix("\r\n\r\nweb.\(index)\n"))
        }

        let pids = try sandbox.pids("web") + sandbox.pids("api") + sandbox.pids("worker")
        #expect(pids.count == 4)
        let down = try sandbox.run("down")
        #expect(down.status == 0, "\(down.stderr)")
        #expect(pids.allSatisfy { !Processes.isAlive($0) })
        #expect(Processes.running(under: sandbox.root).isEmpty)
        #expect(try sandbox.status()["state"] as? String == "stopped")
        #expect(try sandbox.replicas("web").allSatisfy { $0["state"] as? String == "stopped" })
    }

    @Test func aFailingJobGatesItsDependentsAndUpNamesIt() throws {
        let sandbox = try Fixtures.project(["dev": """
            services:
              migrate:
                kind: job
                command: "echo cannot reach the database; exit 4"
              api:
                command: "exec python3 server.py"
                port: auto
                depends_on: { migrate: completed }
            """])
        defer { sandbox.tearDown() }
        let up = try sandbox.run("up")
        #expect(up.status == 1)
        #expect(up.stderr.contains("migrate failed: job failed: exit 4"))
        #expect(up.stderr.contains("cannot reach the database"), "the last log lines are shown")
        #expect(!FileManager.default.fileExists(atPath: sandbox.root + "/.devenv/dev/logs/api.0.log"), "api never started")
        #expect(try sandbox.replicas("api").allSatisfy { ($0["pid"] as? NSNumber) == nil })
    }

    @Test func aCrashLoopRestartsWithGrowingDelaysThenUpFails() throws {
        let sandbox = try Fixtures.project(["dev": """
            services:
              flaky:
                command: "echo starting; exit 3"
                restart: on-failure
            """])
        defer { sandbox.tearDown() }
        let up = try sandbox.run("up", "--timeout", "20s")
        #expect(up.status == 1)
        #expect(up.stderr.contains("flaky failed: crashed: exit 3 (restarted 3 times)"))
        let delays = try sandbox.events().compactMap { event -> String? in
            guard event["kind"] as? String == "restart", let message = event["message"] as? String else { return nil }
            return message.components(separatedBy: "restarting in ").last?.components(separatedBy: " ").first
        }
        #expect(Array(delays.prefix(3)) == ["100ms", "200ms", "400ms"])
    }

    @Test func aServiceIgnoringTermIsKilledAfterItsStopTimeout() throws {
        let sandbox = try Fixtures.project(["dev": """
            services:
              stubborn:
                command: "trap '' TERM; echo ready; while true; do sleep 1; done"
                stop_timeout: 500ms
            """])
        defer { sandbox.tearDown() }
        #expect(try sandbox.run("up").status == 0)
        let pid = try #require(try sandbox.pids("stubborn").first)
        let started = Date()
        let down = try sandbox.run("down")
        let took = Date().timeIntervalSince(started)
        #expect(down.status == 0)
        #expect(took >= 0.5, "waited for the stop timeout")
        #expect(took < 5)
        #expect(!Processes.isAlive(pid))
        #expect(try sandbox.events().contains { $0["kind"] as? String == "killed" })
        #expect(try sandbox.replicas("stubborn").first?["lastExit"] as? String == "signal 9 (KILL)")
    }

    @Test func killingTheDaemonLeavesNoProcessAndUpRecovers() throws {
        let sandbox = try Fixtures.project(["dev": """
            services:
              web:
                command: "exec python3 server.py"
                port: auto
                health: { http: /health }
              shell:
                command: "sleep 1000 & sleep 1000"
            """])
        defer { sandbox.tearDown() }
        #expect(try sandbox.run("up").status == 0)
        let daemon = try daemonPid(sandbox)
        let pids = try sandbox.pids("web") + sandbox.pids("shell")
        #expect(pids.count == 2)
        kill(daemon, SIGKILL)
        #expect(eventually { Processes.running(under: sandbox.root).isEmpty }, "the children died with their daemon")

        let status = try sandbox.status()
        #expect(status["state"] as? String == "stopped")
        #expect(try sandbox.replicas("web").first?["pid"] is NSNull, "a dead replica shows no pid")

        let again = try sandbox.run("up")
        #expect(again.status == 0, "\(again.stderr)")
        let newPids = try sandbox.pids("web")
        #expect(newPids.count == 1 && !pids.contains(newPids[0]))
        #expect(try sandbox.events().contains { $0["kind"] as? String == "daemon-lost" })
    }

    @Test func upConvergesAfterAManifestEdit() throws {
        let manifest = """
            services:
              stable:
                command: "exec sleep 1000"
              changing:
                command: "exec sleep 1000"
                env: { VERSION: "1" }
              leaving:
                command: "exec sleep 1000"
            """
        let sandbox = try Fixtures.project(["dev": manifest])
        defer { sandbox.tearDown() }
        #expect(try sandbox.run("up").status == 0)
        let stable = try sandbox.pids("stable"), changing = try sandbox.pids("changing"), leaving = try sandbox.pids("leaving")
        try """
            services:
              stable:
                command: "exec sleep 1000"
              changing:
                command: "exec sleep 1000"
                env: { VERSION: "2" }
                replicas: 2
            """.write(toFile: sandbox.root + "/environments/dev.yaml", atomically: true, encoding: .utf8)
        let up = try sandbox.run("up")
        #expect(up.status == 0, "\(up.stderr)")
        #expect(try sandbox.pids("stable") == stable, "an unchanged service is untouched")
        let changed = try sandbox.pids("changing")
        #expect(changed.count == 2 && !changed.contains(changing[0]), "a changed service is replaced")
        #expect(try sandbox.replicas("leaving").isEmpty)
        #expect(!Processes.isAlive(leaving[0]), "a removed service is stopped")
    }

    @Test func brokenManifestChangesNothing() throws {
        let sandbox = try Fixtures.project(["dev": "services:\n  web:\n    command: [sleep, '1000']\n    replicas: many\n"])
        defer { sandbox.tearDown() }
        let up = try sandbox.run("up")
        #expect(up.status == 1)
        #expect(up.stderr.contains("environments/dev.yaml:4:15: services.web.replicas: expected a whole number, found 'many'"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.root + "/.devenv"))
    }

    @Test func aDaemonWithoutPostgresNeverLoadsLibpq() throws {
        // libpq and the TLS/Kerberos/LDAP libraries under it are loaded on first use only.
        let sandbox = try Fixtures.project(["dev": "services:\n  web:\n    command: exec sleep 1000\n"])
        defer { sandbox.tearDown() }
        #expect(try sandbox.run("up").status == 0)
        let daemons = Processes.running(under: sandbox.root).filter {
            ((try? String(contentsOfFile: "/proc/\($0)/cmdline", encoding: .utf8)) ?? "").contains("daemon")
        }
        let daemon = try #require(daemons.first)
        let maps = try String(contentsOfFile: "/proc/\(daemon)/maps", encoding: .utf8)
        #expect(maps.contains("/devenv"), "the daemon's own binary is mapped")
        #expect(!maps.contains("libpq.so"), "the daemon of an environment without postgres loaded libpq")
    }

    @Test func twoUpsAtOnceShareOneDaemon() throws {
        let sandbox = try Fixtures.project(["dev": "services:\n  web:\n    command: exec sleep 1000\n"])
        defer { sandbox.tearDown() }
        try expectTwoUpsAtOnceShareOneDaemon(sandbox)
    }

    @Test func restartReplacesTheProcess() throws {
        let sandbox = try Fixtures.project(["dev": "services:\n  web:\n    command: exec sleep 1000\n  other:\n    command: exec sleep 1000\n"])
        defer { sandbox.tearDown() }
        #expect(try sandbox.run("up").status == 0)
        let before = try sandbox.pids("web"), other = try sandbox.pids("other")
        #expect(try sandbox.run("restart", "web").status == 0)
        #expect(eventually { (try? sandbox.pids("web"))?.count == 1 && (try? sandbox.pids("web")) != before })
        #expect(try sandbox.pids("other") == other)
        let unknown = try sandbox.run("restart", "nope")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no service 'nope'"))
    }

    /// The daemon `up` starts converges from the manifest on its own, before `up` asks; `up`'s
    /// own request then finds nothing new and the history shows one converge per `up`.
    @Test func theDaemonUpStartsConvergesAtOnceAndUpConvergesOnce() throws {
        let sandbox = try Fixtures.project(["dev": "services:\n  web:\n    command: exec sleep 1000\n"])
        defer { sandbox.tearDown() }
        #expect(try sandbox.run("up").status == 0)
        #expect(try sandbox.events().filter { $0["kind"] as? String == "up" }.count == 1)
        #expect(try sandbox.run("down").status == 0)

        // `devenv daemon dev -C ROOT --up`, as `up` starts it, with no `up` after it.
        let daemon = try launch(["daemon", "dev", "-C", sandbox.root, "--up"], in: sandbox.root)
        #expect(eventually { (try? sandbox.replicas("web"))?.first?["state"] as? String == "running" })
        #expect(try sandbox.events().filter { $0["kind"] as? String == "up" }.count == 2)
        #expect(try sandbox.run("down").status == 0)
        daemon.waitUntilExit()
        #expect(daemon.terminationStatus == 0)
    }

    /// Once an environment has been up, a broken manifest still changes nothing, and two `up`s
    /// at once share one daemon.
    @Test func aBrokenManifestChangesNothingAndTwoUpsShareOneDaemon() throws {
        let sandbox = try Fixtures.project(["dev": "services:\n  web:\n    command: exec sleep 1000\n"])
        defer { sandbox.tearDown() }
        #expect(try sandbox.run("up").status == 0)
        #expect(try sandbox.run("down").status == 0)
        let events = try sandbox.events().count

        let manifest = sandbox.root + "/environments/dev.yaml"
        let good = try String(contentsOfFile: manifest, encoding: .utf8)
        try "services:\n  web:\n    command: exec sleep 1000\n    replicas: many\n".write(toFile: manifest, atomically: true, encoding: .utf8)
        let broken = try sandbox.run("up")
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("services.web.replicas: expected a whole number"), "\(broken.stderr)")
        #expect(eventually { Processes.running(under: sandbox.root).isEmpty }, "a daemon outlived the broken up")
        #expect(try sandbox.events().count == events, "the broken up changed the history")

        try good.write(toFile: manifest, atomically: true, encoding: .utf8)
        try expectTwoUpsAtOnceShareOneDaemon(sandbox)
        // One daemon was started: none was turned away for its lock.
        let log = (try? String(contentsOfFile: sandbox.root + "/.devenv/dev/daemon.log", encoding: .utf8)) ?? ""
        #expect(!log.contains("another daemon already runs"), "\(log)")
    }

    /// Two `up`s started together both succeed, with one daemon and one `web` between them.
    private func expectTwoUpsAtOnceShareOneDaemon(_ sandbox: Sandbox) throws {
        let results = try [0, 1].map { _ in try launch(["up"], in: sandbox.root) }.map { process -> Int32 in
            process.waitUntilExit()
            return process.terminationStatus
        }
        #expect(results == [0, 0])
        #expect(try sandbox.pids("web").count == 1)
        let daemons = Processes.running(under: sandbox.root).filter {
            ((try? String(contentsOfFile: "/proc/\($0)/cmdline", encoding: .utf8)) ?? "").contains("daemon")
        }
        #expect(daemons.count == 1)
    }

    private func daemonPid(_ sandbox: Sandbox) throws -> Int32 {
        let candidates = Processes.running(under: sandbox.root).filter {
            ((try? String(contentsOfFile: "/proc/\($0)/cmdline", encoding: .utf8)) ?? "").contains("daemon")
        }
        return try #require(candidates.first)
    }

    private func launch(_ arguments: [String], in directory: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.devenv)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}
