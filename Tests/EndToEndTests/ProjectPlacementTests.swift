import Foundation
import Testing

/// Wherever a newcomer clones the project — 200 characters deep, with spaces, in a 0700
/// directory — the stack comes up, answers and keeps its data.
@Suite(.serialized) struct ProjectPlacementTests {
    static let manifest = """
        postgres:
          port: auto
          databases:
            app:
              seed:
                - seed/schema.sql
        router:
          port: auto
          routes:
            - { path: /web, service: web, strip_prefix: true }
        services:
          web:
            command: "exec python3 server.py"
            port: auto
            env: { DATABASE_URL: "${postgres.databases.app.url}" }
            depends_on: { postgres: healthy }
            health: { http: /health, interval: 200ms }
        """

    static let files = [
        "environments/dev.yaml": manifest,
        "server.py": Fixtures.server,
        "seed/schema.sql": "CREATE TABLE kept (value integer);\n",
    ]

    /// A project directory `depth` characters long, with spaces in it, under a new directory.
    static func deepPath(depth: Int) -> (top: String, project: String) {
        let top = FileManager.default.temporaryDirectory.appendingPathComponent("devenv-deep-\(UUID().uuidString.prefix(8))").path
        var path = top + "/monorepo with spaces"
        var level = 0
        while path.utf8.count < depth - 12 {
            level += 1
            path += "/services level \(level)"
        }
        path += "/backend-api"
        return (top, path)
    }

    @Test func aProjectTwoHundredCharactersDeepWithSpacesComesUp() throws {
        let (top, project) = Self.deepPath(depth: 200)
        #expect(project.utf8.count >= 200)
        let sandbox = try Sandbox(Self.files, root: project)
        defer {
            _ = try? sandbox.run("down", "--purge")
            #expect(eventually(within: 15) { Processes.running(under: project).isEmpty })
            try? FileManager.default.removeItem(atPath: top)
        }
        let up = try sandbox.run("up", "--timeout", "60s")
        #expect(up.status == 0, "\(up.stderr)")
        #expect(!up.stderr.contains("TooLong"), "a raw error enum: \(up.stderr)")
        let status = try sandbox.status()
        #expect(status["state"] as? String == "running", "\(status)")
        let url = try #require((status["router"] as? [String: Any])?["url"] as? String)
        let port = try #require(Int(url.split(separator: ":").last ?? ""))
        #expect(try HTTP.get(port: port, path: "/web/").hasPrefix("HTTP/1.1 200"))

        // The control socket is where the layout says, private from its first instant.
        var info = stat()
        #expect(lstat(project + "/.devenv/dev/control.sock", &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFSOCK)
        #expect(info.st_mode & 0o777 == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: project + "/.devenv/dev").filter { $0.hasPrefix(".control-") }
        #expect(leftovers.isEmpty, "staging directories left: \(leftovers)")

        let psql = try sandbox.run("url")
        #expect(psql.status == 0 && psql.stdout.hasPrefix("postgresql://"), "\(psql.stderr)")
        #expect(try sandbox.run("down").status == 0)
        #expect(eventually(within: 15) { Processes.running(under: project).isEmpty })
    }
}
