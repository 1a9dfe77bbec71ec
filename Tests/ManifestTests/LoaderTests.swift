import Foundation
import Scheduler
import Testing
@testable import Manifest

@Suite struct DemoEnvironmentTests {
    let loader = ManifestLoader(project: Project(root: Paths.repository), processEnvironment: ["ADMIN_PASSWORD": "s3cret"])

    @Test(arguments: ["dev", "staging", "scaled-down", "prod"])
    func demoEnvironmentsLoad(name: String) throws {
        let environment = try loader.load(name)
        #expect(environment.name == name)
        #expect(environment.postgres?.databases.map(\.name) == ["app"])
    }

    @Test func stagingExtendsDev() throws {
        let staging = try loader.load("staging")
        #expect(staging.files == ["environments/dev.yaml", "environments/staging.yaml"])
        #expect(staging.service(named: "adder")?.replicas == 2)
        #expect(staging.service(named: "reset")?.replicas == 1)
        // Merged key by key: the overlay set replicas, the command came from dev.
        #expect(staging.service(named: "adder")?.command == .argv([".build/debug/demo-app", "adder"]))
        #expect(staging.schedule?.timeZone?.identifier == "Europe/Oslo")
        #expect(staging.schedule?.awake.map(\.text) == ["Mon-Fri 07:00-20:00"])
        #expect(staging.schedule?.holidays.count == 2)
        #expect(staging.schedule?.asleep == .pause)
        #expect(staging.wakeOnRequest)
        #expect(staging.idleSleep == .seconds(30 * 60))
        #expect(staging.router?.port == .fixed(8081))
    }

    @Test func scaledDownRemovesResetAndShrinksPostgres() throws {
        let environment = try loader.load("scaled-down")
        #expect(environment.service(named: "reset") == nil)
        #expect(environment.postgres?.settings["shared_buffers"] == "16MB")
        #expect(environment.postgres?.settings["fsync"] == "off")   // kept from dev
        #expect(environment.router?.routes.contains { $0.service == "reset" } == false)
    }

    @Test func prodProtectsResetWithThePasswordFromTheEnvironment() throws {
        let environment = try loader.load("prod")
        let reset = environment.router?.routes.first { $0.path == "/reset" }
        #expect(reset?.auth == BasicAuth(user: "admin", password: "s3cret"))
        #expect(environment.services.filter { $0.name != "reset" }.allSatisfy { $0.replicas == 3 && $0.restart == .always })
    }

    @Test func prodWithoutThePasswordIsAnError() {
        let lines = ManifestLoader(project: Project(root: Paths.repository), processEnvironment: [:]).diagnostics("prod")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("environments/prod.yaml:") == true)
        #expect(lines.first?.contains("${ADMIN_PASSWORD} is not set") == true)
    }

    @Test func unknownEnvironmentListsTheOnesFound() {
        #expect {
            try loader.load("stagin")
        } throws: { error in
            let message = "\(error)"
            return message.contains("did you mean 'staging'") && message.contains("dev, prod, scaled-down, staging")
        }
    }

    @Test func printedManifestMasksPasswordsAndKeepsReferences() throws {
        let yaml = ManifestPrinter.yaml(try loader.load("prod"))
        #expect(!yaml.contains("s3cret"))
        #expect(yaml.contains("password: '********'"))
        #expect(yaml.contains("DATABASE_URL: ${postgres.databases.app.url}"))
    }
}

@Suite struct LoaderBehaviourTests {
    @Test func defaultsAreFilledIn() throws {
        let project = try TemporaryProject(["environments/dev.yaml": "services:\n  web:\n    command: sleep 1\n  once:\n    kind: job\n    command: 'true'\n"])
        defer { project.remove() }
        let environment = try project.loader().load("dev")
        let web = try #require(environment.service(named: "web"))
        #expect(web.replicas == 1 && web.cwd == "." && web.stopSignal == "TERM" && web.stopTimeout == .seconds(10))
        #expect(web.restart == .onFailure && web.port == nil && web.command == .shell("sleep 1"))
        #expect(environment.service(named: "once")?.restart == .no)
        #expect(environment.router == nil && environment.postgres == nil)
    }

    @Test func variablesComeFromProcessThenEnvFileThenEnv() throws {
        let project = try TemporaryProject([
            "environments/dev.yaml": """
                env_file: .env
                env: { A: from-env, B: from-env, C: from-env, D: "${C}-derived" }
                services:
                  web:
                    command: "echo ${A} ${B} ${C} ${D} $$HOME $PORT"
                """,
            ".env": "A=from-file\nB=from-file\n# comment\nexport E='quoted # not a comment'\n",
        ])
        defer { project.remove() }
        let environment = try project.loader(["A": "from-process"]).load("dev")
        #expect(environment.service(named: "web")?.command == .shell(Template(literal: "echo from-process from-file from-env from-env-derived $HOME $PORT")))
        #expect(environment.envFileValues["E"] == "quoted # not a comment")
    }

    @Test func extendsChainsMergeInOrder() throws {
        let project = try TemporaryProject([
            "environments/base.yaml": "services:\n  web:\n    command: sleep 1\n    replicas: 1\n    env: { A: base, B: base }\n",
            "environments/mid.yaml": "extends: base\nservices:\n  web:\n    replicas: 2\n    env: { B: mid }\n",
            "environments/top.yaml": "extends: mid\nservices:\n  web:\n    env: { A: null }\n",
        ])
        defer { project.remove() }
        let web = try #require(try project.loader().load("top").service(named: "web"))
        #expect(web.replicas == 2)
        #expect(web.env == ["B": "mid"])
        #expect(web.command == .shell("sleep 1"))
    }

    @Test func dependsOnListMeansStarted() throws {
        let project = try TemporaryProject(["environments/dev.yaml": """
            postgres: {}
            services:
              migrate: { kind: job, command: "true" }
              api: { command: sleep 1, depends_on: [migrate] }
              web: { command: sleep 1, depends_on: { api: healthy, migrate: completed, postgres: healthy } }
            """])
        defer { project.remove() }
        let environment = try project.loader().load("dev")
        #expect(environment.service(named: "api")?.dependsOn == [Dependency(service: "migrate", condition: .started)])
        #expect(environment.service(named: "web")?.dependsOn.map(\.condition) == [.healthy, .completed, .healthy])
    }

    @Test func durationsAndHealth() throws {
        let project = try TemporaryProject(["environments/dev.yaml": """
            services:
              web:
                command: [serve, --port, "$PORT"]
                port: auto
                stop_timeout: 1m30s
                stop_signal: SIGINT
                health: { tcp: true, interval: 250ms, timeout: 2s, retries: 5, start_period: 1.5s }
            """])
        defer { project.remove() }
        let web = try #require(try project.loader().load("dev").service(named: "web"))
        #expect(web.stopTimeout == .seconds(90))
        #expect(web.stopSignal == "INT")
        #expect(web.health == HealthCheck(probe: .tcp, interval: .milliseconds(250), timeout: .seconds(2), retries: 5, startPeriod: .milliseconds(1500)))
        #expect(web.command == .argv(["serve", "--port", "$PORT"]))
    }

    @Test func emptyManifestIsAnEmptyEnvironment() throws {
        let project = try TemporaryProject(["environments/dev.yaml": "# nothing yet\n"])
        defer { project.remove() }
        let environment = try project.loader().load("dev")
        #expect(environment.services.isEmpty)
    }

    @Test func everyProblemIsCollected() throws {
        let project = try TemporaryProject(["environments/dev.yaml": """
            servces: {}
            router: { port: 0, routes: [{ path: x, service: nope }] }
            schedule: { cron: [{ at: "* * *", action: nap }] }
            """])
        defer { project.remove() }
        let lines = project.loader().diagnostics("dev")
        #expect(lines.count == 6, "\(lines)")
    }

    @Test func durationFormatRoundTrips() {
        for text in ["250ms", "2s", "1m30s", "1h", "1h1m1s1ms"] {
            let parsed = try? DurationText.parse(text).get()
            #expect(parsed.map(DurationText.format) == text)
        }
    }
}

@Suite struct ProjectTests {
    @Test func discoversTheNearestRootAbove() throws {
        let project = try TemporaryProject(["environments/dev.yaml": "", "src/deep/file.txt": ""])
        defer { project.remove() }
        let found = try Project.discover(from: project.root + "/src/deep")
        #expect(URL(fileURLWithPath: found.root).resolvingSymlinksInPath() == URL(fileURLWithPath: project.root).resolvingSymlinksInPath())
        #expect(found.environmentNames() == ["dev"])
    }

    @Test func noRootIsAClearError() {
        #expect(throws: ProjectError.self) { try Project.discover(from: "/proc/self") }
    }
}

@Suite struct UpdateStrategyTests {
    @Test func updateIsReadAndPrintedBack() throws {
        let project = try TemporaryProject(["environments/dev.yaml": """
            services:
              web:
                command: "serve"
                port: auto
                update: recreate
              api:
                command: "serve"
            """])
        defer { project.remove() }
        let environment = try project.loader().load("dev")
        #expect(environment.service(named: "web")?.update == .recreate)
        #expect(environment.service(named: "api")?.update == nil, "unset: the engine decides (rolling where health and a route)")
        #expect(ManifestPrinter.yaml(environment).contains("update: recreate"))
    }

    @Test func containersRuntimeIsReadAndPrintedBack() throws {
        let project = try TemporaryProject(["environments/dev.yaml": """
            containers: { runtime: podman }
            services:
              web: { image: "localhost/web:1", port: auto }
            """])
        defer { project.remove() }
        let environment = try project.loader().load("dev")
        #expect(environment.containerRuntime == .podman && environment.usesContainers)
        #expect(ManifestPrinter.yaml(environment).contains("runtime: podman"))
        try project.write("environments/dev.yaml", "containers: { runtime: lxc }\nservices: { web: { command: run } }\n")
        #expect(project.loader().diagnostics("dev") == [
            "environments/dev.yaml:1:24: containers.runtime: 'lxc' is not one of podman, docker"])
    }
}
