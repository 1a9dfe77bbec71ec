import ContainerTestSupport
import Foundation
import Supervisor
import Testing

/// `postgres.image`: the environment's Postgres in a container from an image (built here from
/// the host's own server binaries, no registry), its data under `.devenv/<env>/postgres/`,
/// provisioned and seeded through the same path as a local cluster: exactly once, kept across
/// down and up, restored by `seed --reset`, removed by `down --purge`.
@Suite(.serialized) struct ContainerPostgresTests {
    @Test func postgresFromAnImageIsSeededKeptAndReset() async throws {
        let cli = try await ContainerStackTests.tool()
        let image = try await TestImages.postgres(cli)
        let sandbox = try Sandbox(["environments/dev.yaml": """
            postgres:
              image: \(image)
              port: auto
              databases:
                app:
                  seed:
                    - seed/schema.sql
            """, "seed/schema.sql": "CREATE TABLE kept (value integer);\nINSERT INTO kept VALUES (1);\n"])
        defer { sandbox.tearDown() }
        let up = try sandbox.run("up")
        #expect(up.status == 0, "\(up.stderr)")
        let url = try sandbox.run("url").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try SQL.run(url, "select string_agg(value::text, ',') from kept") == "1", "seeded once")
        let running = try await cli.containers(root: sandbox.root, environment: "dev")
        #expect(running.count == 1, "Postgres runs as a labelled container")
        let postgres = try #require(try sandbox.status()["postgres"] as? [String: Any])
        let pid = try #require((postgres["pid"] as? NSNumber)?.int32Value)
        #expect(Processes.commandLine(of: pid).contains("postgres"), "pid is the server in the container")

        _ = try SQL.run(url, "insert into kept values (2)")
        #expect(try sandbox.run("down").status == 0)
        #expect(try await cli.containers(root: sandbox.root, environment: "dev").isEmpty)
        #expect(try sandbox.run("up").status == 0)
        let again = try sandbox.run("url").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try SQL.run(again, "select string_agg(value::text, ',' order by value) from kept") == "1,2",
                "data kept across down and up; the seed not applied twice")
        let reset = try sandbox.run("seed", "--reset")
        #expect(reset.status == 0, "\(reset.stderr)")
        #expect(try SQL.run(again, "select string_agg(value::text, ',') from kept") == "1", "reset to the seeded state")

        #expect(try sandbox.run("down", "--purge").status == 0)
        #expect(!FileManager.default.fileExists(atPath: sandbox.root + "/.devenv/dev"), "purge removes the image's data too")
    }
}
