import Foundation
import Synchronization
import Testing

/// `pause` freezes every process of every unit — services and Postgres — and `resume` brings
/// them back healthy with no restart counted; meanwhile the router says what happened.
@Suite(.serialized) struct PauseTests {
    static let manifest = Fixtures.databaseStack(replicas: 2, health: "interval: 200ms, retries: 2", extra: "restart: always")

    /// Every task (thread) of `pid` with its state letter and its CPU ticks so far.
    static func tasks(of pid: Int32) -> [(state: Character, ticks: Int)] {
        let directory = "/proc/\(pid)/task"
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).compactMap { task in
            guard let stat = try? String(contentsOfFile: "\(directory)/\(task)/stat", encoding: .utf8),
                  let fields = stat.split(separator: ")").last?.split(separator: " "), fields.count > 13,
                  let state = fields[0].first, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
            return (state, user + system)
        }
    }

    static func postgresProcesses() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap(Int32.init).filter {
            Processes.commandLine(of: $0).hasPrefix("postgres: ") || Processes.commandLine(of: $0).contains("/bin/postgres -D")
        }
    }

    /// The stack up, and its router's port.
    static func up() throws -> (Sandbox, Int) {
        let sandbox = try Sandbox(["environments/dev.yaml": manifest, "server.py": Fixtures.server,
                                   "seed/schema.sql": "CREATE TABLE kept (value integer);\n"])
        #expect(try sandbox.run("up").status == 0)
        let url = try #require((try sandbox.status()["router"] as? [String: Any])?["url"] as? String)
        return (sandbox, try #require(Int(url.split(separator: ":").last ?? "")))
    }

    @Test func pauseFreezesEveryProcessAndResumeBringsItBackHealthy() throws {
        let (sandbox, port) = try Self.up()
        defer { sandbox.tearDown() }
        #expect(try HTTP.get(port: port, path: "/web/").hasPrefix("HTTP/1.1 200"))
        let ownPostgres = Self.postgresProcesses().filter { pid in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd"))
                .map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path.contains("/postgres/data") || $0.contains(sandbox.root) } ?? false
        }
        #expect(!ownPostgres.isEmpty)

        let webPids = try sandbox.pids("web")
        let postmaster = Int32(try #require((try sandbox.status()["postgres"] as? [String: Any])?["pid"] as? Int))
        let pause = try sandbox.run("pause")
        #expect(pause.status == 0, "\(pause.stderr)")
        let status = try sandbox.status()
        #expect(status["state"] as? String == "paused")
        #expect(try sandbox.replicas("web").allSatisfy { $0["state"] as? String == "paused" })
        #expect((status["postgres"] as? [String: Any])?["state"] as? String == "paused")

        // Every thread of every process of the environment is stopped, and uses no CPU.
        let processes = Array(Set(Processes.running(under: sandbox.root).filter {
            let line = Processes.commandLine(of: $0)
            return !line.contains(" daemon ") && !line.contains("--fork-server")
        } + ownPostgres)).sorted()
        #expect(processes.count >= 4, "two shims and two servers at least: \(processes)")
        #expect(eventually { processes.allSatisfy { Self.tasks(of: $0).allSatisfy { $0.state == "T" } } },
                "\(processes.map { ($0, Self.tasks(of: $0).map(\.state)) })")
        let before = processes.map { Self.tasks(of: $0).map(\.ticks).reduce(0, +) }
        usleep(300_000)  // a measurement window, not a synchronisation: nothing may run in it
        let after = processes.map { Self.tasks(of: $0).map(\.ticks).reduce(0, +) }
        #expect(before == after, "CPU used while paused: \(zip(before, after).map { $1 - $0 })")

        // The router says what happened and how to undo it.
        let answer = try HTTP.get(port: port, path: "/web/")
        #expect(answer.hasPrefix("HTTP/1.1 503"), "\(answer)")
        #expect(answer.lowercased().contains("retry-after: "))
        #expect(answer.contains("dev is paused: run devenv resume dev"))
        #expect(try sandbox.events().contains { $0["kind"] as? String == "pause" && ($0["message"] as? String)?.contains("cli") == true })

        let resume = try sandbox.run("resume")
        #expect(resume.status == 0, "\(resume.stderr)")
        #expect(try sandbox.status()["state"] as? String == "running")
        #expect(try sandbox.replicas("web").allSatisfy { $0["health"] as? String == "healthy" && ($0["restarts"] as? Int) == 0 })
        // The same services and postmaster, thawed (Postgres's short-lived backends come and go).
        #expect(try sandbox.pids("web") == webPids && webPids.allSatisfy { Processes.isAlive($0) }, "the same services, thawed")
        #expect(Processes.isAlive(postmaster))
        #expect(try HTTP.get(port: port, path: "/web/").hasPrefix("HTTP/1.1 200"))
        let database = try sandbox.run("url").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try SQL.run(database, "select count(*) from kept") == "0", "Postgres answers again")
        #expect(try sandbox.events().contains { $0["kind"] as? String == "resume" })

        // A paused environment still comes down.
        #expect(try sandbox.run("pause").status == 0)
        #expect(try sandbox.run("down").status == 0)
    }

    /// `sleep` ends every process of the services and Postgres (data kept) while the daemon and
    /// the router live on; `wake` (or `resume`) starts them again in dependency order.
    @Test func sleepEndsEveryProcessKeepsTheDataAndWakeBringsItBack() throws {
        let (sandbox, port) = try Self.up()
        defer { sandbox.tearDown() }
        let database = try sandbox.run("url").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try SQL.run(database, "insert into kept values (7) returning value") == "7")
        let postgresPid = try #require((try sandbox.status()["postgres"] as? [String: Any])?["pid"] as? Int)
        let pids = try sandbox.pids("web") + [Int32(postgresPid)]

        for (asleep, back) in [("sleep", "wake"), ("sleep", "resume")] {
            let sleep = try sandbox.run(asleep)
            #expect(sleep.status == 0, "\(sleep.stderr)")
            let status = try sandbox.status()
            #expect(status["state"] as? String == "sleeping", "\(status)")
            #expect(try sandbox.replicas("web").allSatisfy { $0["pid"] is NSNull && $0["state"] as? String == "stopped" })
            #expect(eventually { pids.allSatisfy { !Processes.isAlive($0) } }, "every service and Postgres process ended")
            #expect(Self.postgresProcesses().allSatisfy { !Processes.commandLine(of: $0).contains(sandbox.root) })
            let answer = try HTTP.get(port: port, path: "/web/")
            #expect(answer.hasPrefix("HTTP/1.1 503") && answer.contains("dev is asleep: run devenv wake dev"), "\(answer)")

            let wake = try sandbox.run(back)
            #expect(wake.status == 0, "\(back): \(wake.stderr)")
            #expect(try sandbox.status()["state"] as? String == "running")
            #expect(try HTTP.get(port: port, path: "/web/").hasPrefix("HTTP/1.1 200"))
            let again = try sandbox.run("url").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(try SQL.run(again, "select string_agg(value::text, ',') from kept") == "7", "the data was kept")
        }
        let kinds = try sandbox.events().compactMap { $0["kind"] as? String }
        #expect(kinds.filter { $0 == "sleep" }.count == 2 && kinds.contains("wake"))
    }

    /// `wake_on_request`: requests to a paused or sleeping environment are held while it wakes,
    /// then served; concurrent ones join the same wake.
    @Test func aRequestWakesAPausedOrSleepingEnvironmentAndIsServed() throws {
        let sandbox = try Sandbox(["environments/dev.yaml": Self.manifest + "\nwake_on_request: true\n", "server.py": Fixtures.server,
                                   "seed/schema.sql": "CREATE TABLE kept (value integer);\n"])
        defer { sandbox.tearDown() }
        #expect(try sandbox.run("up").status == 0)
        let url = try #require((try sandbox.status()["router"] as? [String: Any])?["url"] as? String)
        let port = try #require(Int(url.split(separator: ":").last ?? ""))

        for (asleep, woken) in [("pause", "resume"), ("sleep", "wake")] {
            #expect(try sandbox.run(asleep).status == 0)
            let answers = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 3) { _ in
                let answer = (try? HTTP.get(port: port, path: "/web/")) ?? "no answer"
                answers.withLock { $0.append(answer) }
            }
            #expect(answers.withLock { $0 }.allSatisfy { $0.hasPrefix("HTTP/1.1 200") }, "\(answers.withLock { $0 })")
            // The first healthy replica serves the held requests; after a sleep the other may still be starting.
            let running = try eventually { try sandbox.status()["state"] as? String == "running" }
            #expect(running, "\(woken): the environment is running once every replica is")
            let events = try sandbox.events().filter { $0["kind"] as? String == woken }
            #expect(events.count == 1 && (events.first?["message"] as? String)?.contains("request") == true, "one \(woken), by request: \(events)")
        }
    }

    @Test func pauseAndResumeNeedARunningEnvironment() throws {
        let sandbox = try Sandbox(["environments/dev.yaml": ""])
        defer { sandbox.remove() }
        for command in ["pause", "resume", "sleep", "wake"] {
            let result = try sandbox.run(command)
            #expect(result.status == 1)
            #expect(result.stderr.contains("dev is not running: run `devenv up dev` first"), "\(result.stderr)")
        }
    }
}
