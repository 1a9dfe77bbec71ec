import Foundation
import Testing

@Suite struct CommandTests {
    @Test func listShowsEveryEnvironmentStopped() throws {
        let sandbox = try Sandbox(["environments/dev.yaml": "", "environments/prod.yaml": ""])
        defer { sandbox.remove() }
        let result = try sandbox.run("ls")
        #expect(result.status == 0)
        #expect(result.stdout == """
            NAME  STATE    ROUTER  MANIFEST
            dev   stopped  -       environments/dev.yaml
            prod  stopped  -       environments/prod.yaml

            """)
        let json = try sandbox.run("ls", "--json")
        let rows = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.map { $0["name"] as? String } == ["dev", "prod"])
        #expect(rows?.map { $0["state"] as? String } == ["stopped", "stopped"])
        #expect(!FileManager.default.fileExists(atPath: sandbox.root + "/.devenv/state.db"), "read-only commands create no state")
    }

    @Test func eventsOfANewEnvironmentAreEmptyAndUnknownOnesAreErrors() throws {
        let sandbox = try Sandbox(["environments/dev.yaml": ""])
        defer { sandbox.remove() }
        let result = try sandbox.run("events", "--json")
        #expect(result.status == 0)
        #expect(result.stdout == "[]\n")
        let unknown = try sandbox.run("events", "nope")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no environment 'nope'"))
    }

    @Test func doctorReportsPostgresAndPorts() throws {
        let sandbox = try Sandbox(["environments/dev.yaml": "router: { port: 1, routes: [] }\n"])
        defer { sandbox.remove() }
        let result = try sandbox.run("doctor", "--json")
        let checks = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
        let names = checks.compactMap { $0["name"] as? String }
        #expect(names.contains("postgres"))
        #expect(names.contains("psql"))
        #expect(checks.first { $0["name"] as? String == "libpq" }?["status"] as? String == "ok")
        #expect(names.contains("containers"))
        #expect(names.contains("port 1"))
        let postgres = checks.first { $0["name"] as? String == "postgres" }
        let expectedStatus = FileManager.default.fileExists(atPath: "/usr/lib/postgresql") ? "ok" : "missing"
        #expect(postgres?["status"] as? String == expectedStatus)
        #expect(result.status == (checks.contains { $0["status"] as? String == "missing" } ? 1 : 0))
    }

    @Test(arguments: [(["scale", "web=two"], "'web=two': write SERVICE=N"), (["scale", "web=2"], "dev is not running"),
                      (["restart", "web", "--rolling"], "dev is not running")])
    func scaleAndRestartSayWhatIsWrongAndChangeNothing(arguments: [String], message: String) throws {
        let sandbox = try Sandbox(["environments/dev.yaml": ""])
        defer { sandbox.remove() }
        let result = try CLI.run(arguments, in: sandbox.root)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.root + "/.devenv/dev"), "nothing was started")
    }

    @Test func everyContractCommandHasHelp() throws {
        let result = try CLI.run(["--help"], in: "/")
        for command in ["up", "down", "pause", "resume", "status", "ls", "logs", "restart", "scale", "seed", "psql",
                        "url", "validate", "schedule", "events", "export", "init", "doctor"] {
            #expect(result.stdout.contains("  \(command) "), "missing \(command)")
        }
    }
}
