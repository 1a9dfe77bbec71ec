import Export
import Foundation
import Manifest
import Testing
import Yams

@Suite struct ImportTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    static func fixture(_ name: String) throws -> String {
        try String(contentsOfFile: fixtures + "/" + name, encoding: .utf8)
    }

    /// Writes the imported manifest (and `files`) into a new project and loads it as devenv validate does.
    static func load(_ result: ImportResult, files: [String: String] = [:]) throws -> Environment {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write([ExportedFile(path: "environments/dev.yaml", contents: result.manifest)]
                          + files.map { ExportedFile(path: $0.key, contents: $0.value) })
        return try ManifestLoader(project: Project(root: scratch.path), processEnvironment: [:]).load("dev")
    }

    @Test func composeWithBuildPostgresAndJobs() throws {
        let result = try ComposeImport(text: try Self.fixture("shop-compose.yml"), file: "docker-compose.yml", projectName: "shop").manifest()
        let environment = try Self.load(result, files: ["init/schema.sql": "CREATE TABLE t (id int);\n"])
        #expect(environment.services.map(\.name) == ["web", "migrate", "worker", "cache"])
        let database = try #require(environment.postgres?.databases.first)
        #expect(database.name == "shop" && database.owner == "shop" && database.seed.map(\.file) == ["init/schema.sql"])
        #expect(environment.postgres?.image == "postgres:16")
        let web = try #require(environment.service(named: "web"))
        #expect(web.image == "shop-web" && web.replicas == 2 && web.port == .auto)
        #expect(web.command == .argv(["gunicorn", "app:app", "--bind", "0.0.0.0:8000"]))
        #expect(web.dependsOn == [Dependency(service: "postgres", condition: .healthy), Dependency(service: "migrate", condition: .completed)])
        #expect(web.env["GREETING"]?.literalValue == "hello ")
        #expect(web.health?.startPeriod == .seconds(30) && web.health?.retries == 3)
        let migrate = try #require(environment.service(named: "migrate"))
        #expect(migrate.kind == .job && migrate.restart == .no && migrate.command == .shell("python manage.py migrate"))
        let worker = try #require(environment.service(named: "worker"))
        #expect(worker.command == .argv(["python", "-m", "worker", "--queue", "default"]))
        #expect(worker.stopSignal == "INT" && worker.stopTimeout == .seconds(90) && worker.restart == .always)
        let cache = try #require(environment.service(named: "cache"))
        #expect(cache.port == .fixed(6379) && cache.health?.probe == .command("redis-cli ping"))
        for expected in ["services.web.build: ./web", "services.web.volumes", "services.web.networks", "services.web.deploy.resources",
                         "top-level networks", "top-level volumes", "POSTGRES_PASSWORD", "published as 16379", "unless-stopped"] {
            #expect(result.notConverted.contains { $0.contains(expected) }, "no note on \(expected)")
        }
    }

    @Test func composeShortAndLongFormsAndHealthcheckVariants() throws {
        let result = try ComposeImport(text: try Self.fixture("variants-compose.yaml"), file: "compose.yaml", projectName: "x").manifest()
        let environment = try Self.load(result)
        #expect(environment.services.map(\.name) == ["api", "queue", "cache", "cron", "web-front"])
        let api = try #require(environment.service(named: "api"))
        #expect(api.port == .fixed(8080) && api.health?.probe == .http(path: "/ready") && api.health?.retries == 5)
        #expect(api.env["MODE"]?.literalValue == "production" && api.env["EMPTY"]?.literalValue == "" && api.env["RETRIES"]?.literalValue == "3")
        #expect(api.dependsOn == [Dependency(service: "queue"), Dependency(service: "cache")])
        #expect(api.command == .shell("serve --listen :8080"))
        let queue = try #require(environment.service(named: "queue"))
        #expect(queue.port == .fixed(5672) && queue.health?.probe == .command("queue-ctl status --name 'main queue'"))
        let cache = try #require(environment.service(named: "cache"))
        #expect(cache.port == .fixed(6379) && cache.health == nil)
        let cron = try #require(environment.service(named: "cron"))
        #expect(cron.replicas == 3 && cron.health == nil)
        let front = try #require(environment.service(named: "web-front"))
        #expect(front.port == .fixed(80) && front.restart == .onFailure && front.dependsOn == [Dependency(service: "api")])
        for expected in ["services.cron.labels", "services.cron.user", "services.Web.Front: renamed web-front", "published as 3000"] {
            #expect(result.notConverted.contains { $0.contains(expected) }, "no note on \(expected)")
        }
    }

    @Test func procfiles() throws {
        let result = try ProcfileImport(text: try Self.fixture("Procfile"), file: "Procfile").manifest()
        let environment = try Self.load(result)
        #expect(environment.services.map(\.name) == ["web", "worker", "release", "clock"])
        #expect(environment.service(named: "web")?.port == .auto)
        #expect(environment.service(named: "worker")?.command == .shell("bundle exec sidekiq -c ${CONCURRENCY:-5}"))
        #expect(environment.service(named: "release")?.kind == .job)
        #expect(environment.service(named: "clock")?.dependsOn == [Dependency(service: "release", condition: .completed)])
        #expect(result.notConverted == ["Procfile:6: not a 'name: command' line (not converted)"])

        let simple = try Self.load(try ProcfileImport(text: try Self.fixture("Procfile.simple"), file: "Procfile").manifest())
        #expect(simple.services.map(\.name) == ["web", "worker"])
        #expect(simple.services.allSatisfy { $0.port == .auto && $0.dependsOn.isEmpty })
    }

    @Test func notACompose() {
        #expect(throws: ExportError.self) { try ComposeImport(text: "a: [", file: "x.yml", projectName: "x").manifest() }
        #expect(throws: ExportError.self) { try ComposeImport(text: "version: '3'\n", file: "x.yml", projectName: "x").manifest() }
        #expect(throws: ExportError.self) { try ProcfileImport(text: "# nothing\n", file: "Procfile").manifest() }
    }

    @Test func theStarterManifestIsValid() throws {
        let environment = try Self.load(ImportResult(manifest: StarterManifest.text, notConverted: []))
        #expect(environment.services.map(\.name) == ["web"])
    }

    /// compose → init → validate → export compose keeps every service (the database as `postgres`).
    @Test(arguments: ["shop-compose.yml", "variants-compose.yaml"])
    func roundTripKeepsEveryService(_ fixture: String) throws {
        let text = try Self.fixture(fixture)
        let original = try #require((try Yams.load(yaml: text) as? [String: Any])?["services"] as? [String: Any])
        let environment = try Self.load(try ComposeImport(text: text, file: fixture, projectName: "shop").manifest(),
                                        files: ["init/schema.sql": "CREATE TABLE t (id int);\n"])
        let exported = try ComposeExport(environment: environment).export().files[0].contents
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write([ExportedFile(path: "compose.yaml", contents: exported)])
        try PythonTools.validateCompose(scratch.path + "/compose.yaml")
        let services = try #require((try Yams.load(yaml: exported) as? [String: Any])?["services"] as? [String: Any])
        let expected = original.map { name, value in
            ((value as? [String: Any])?["image"] as? String)?.hasPrefix("postgres") == true ? "postgres" : ComposeImport.serviceName(name)
        }
        #expect(Set(expected).isSubset(of: Set(services.keys)))
        #expect(services.count == expected.count + (environment.postgres == nil ? 0 : 1))
    }
}

