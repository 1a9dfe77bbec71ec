import Foundation
import Testing

@Suite struct ValidateCommandTests {
    @Test func printsTheResolvedManifest() throws {
        let sandbox = try Sandbox(["environments/dev.yaml": """
            env: { GREETING: "${WHO:-world}" }
            services:
              web:
                command: "echo hello ${WHO:-world} on $PORT"
                port: auto
            """])
        defer { sandbox.remove() }
        let result = try sandbox.run("validate", environment: ["WHO": "kari"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout == """
            # environment dev: environments/dev.yaml
            env:
              GREETING: kari
            services:
              web:
                kind: service
                command: echo hello kari on $PORT
                cwd: .
                port: auto
                replicas: 1
                restart: on-failure
                stop_signal: TERM
                stop_timeout: 10s

            """)
    }

    @Test func threeMistakesPrintThreePositionedErrors() throws {
        let sandbox = try Sandbox(["environments/dev.yaml": """
            services:
              web:
                command: [python3, -m, http.server]
                replicas: lots
                restart: sometimes
              worker:
                command: sleep 100
                depends_on: [wbe]
            """])
        defer { sandbox.remove() }
        let result = try sandbox.run("validate")
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == """
            environments/dev.yaml:4:15: services.web.replicas: expected a whole number, found 'lots'
            environments/dev.yaml:5:14: services.web.restart: 'sometimes' is not one of no, on-failure, always
            environments/dev.yaml:8:18: services.worker.depends_on: unknown service 'wbe' (did you mean 'web'?)
            devenv: dev: 3 problems found

            """)
    }

    @Test func stagingPrintsTheMergedDemoManifest() throws {
        let result = try CLI.run(["validate", "-e", "staging"], in: Repository.root)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("# environment staging: environments/dev.yaml + environments/staging.yaml\n"))
        #expect(result.stdout.contains("wake_on_request: true"))
        #expect(result.stdout.contains("schedule:\n  timezone: Europe/Oslo\n  awake: ['Mon-Fri 07:00-20:00']\n"))
    }

    @Test func environmentComesFromPositionalThenFlagThenVariable() throws {
        let sandbox = try Sandbox(["environments/a.yaml": "env: { WHICH: a }\n", "environments/b.yaml": "env: { WHICH: b }\n"])
        defer { sandbox.remove() }
        #expect(try sandbox.run("validate", "a", "-e", "b").stdout.contains("WHICH: a"))
        #expect(try sandbox.run("validate", "-e", "b").stdout.contains("WHICH: b"))
        #expect(try sandbox.run("validate", environment: ["DEVENV_ENV": "a"]).stdout.contains("WHICH: a"))
    }

    @Test func unknownEnvironmentListsTheOnesFound() throws {
        let sandbox = try Sandbox(["environments/dev.yaml": "", "environments/staging.yaml": ""])
        defer { sandbox.remove() }
        let result = try sandbox.run("validate", "stagign")
        #expect(result.status == 1)
        #expect(result.stderr == "devenv: no environment 'stagign': there is no environments/stagign.yaml (did you mean 'staging'?). Environments found: dev, staging\n")
    }

    @Test func dashCFindsTheProjectFromAnotherDirectory() throws {
        let sandbox = try Sandbox(["environments/dev.yaml": "env: { A: b }\n", "sub/dir/.keep": ""])
        defer { sandbox.remove() }
        #expect(try CLI.run(["validate", "-C", sandbox.root + "/sub/dir"], in: "/").status == 0)
        let outside = try CLI.run(["validate"], in: "/proc")
        #expect(outside.status == 1)
        #expect(outside.stderr.contains("no environments/ directory"))
    }

    @Test func validateChangesNothing() throws {
        let sandbox = try Sandbox(["environments/dev.yaml": "services: { web: { command: x, replicas: nope } }\n"])
        defer { sandbox.remove() }
        _ = try sandbox.run("validate")
        #expect(!FileManager.default.fileExists(atPath: sandbox.root + "/.devenv"))
    }
}
