import Foundation
import Testing

/// Wherever a newcomer clones the project — 200 characters deep, with spaces, in a 0700
/// directory — the stack comes up, answers and keeps its data.
@Suite(.serialized) struct ProjectPlacementTests {
    static let manifest = Fixtures.databaseStack()

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

    /// A project in a 0700 directory (root's own home, a `mktemp -d`): Postgres's unprivileged
    /// user cannot pass it, so its cluster lives outside, linked from `.devenv/dev/postgres`; a
    /// cluster of the old layout moves there with its data; `down --purge` removes both.
    @Test func aProjectInAPrivateDirectoryKeepsItsData() throws {
        let top = FileManager.default.temporaryDirectory.appendingPathComponent("devenv-private-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: top, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let sandbox = try Sandbox(Self.files, root: top + "/clone")
        let link = sandbox.root + "/.devenv/dev/postgres"
        defer {
            _ = try? sandbox.run("down", "--purge")
            #expect(eventually(within: 15) { Processes.running(under: sandbox.root).isEmpty })
            try? FileManager.default.removeItem(atPath: top)
        }
        func row() throws -> String {
            let url = try sandbox.run("url").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            return try SQL.run(url, "SELECT string_agg(value::text, ',') FROM kept")
        }

        // The old layout: a cluster in the project, from when the directory was passable.
        #expect(try sandbox.run("up").status == 0)
        let url = try sandbox.run("url").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try SQL.run(url, "INSERT INTO kept VALUES (7) RETURNING value") == "7")
        #expect(try sandbox.run("down").status == 0)

        // Now private, as a clone under /root or in a mktemp -d is.
        chmod(top, 0o700)
        let up = try sandbox.run("up")
        #expect(up.status == 0, "\(up.stderr)")
        #expect(try row() == "7", "the old cluster's data came along")
        var info = stat()
        #expect(stat(top, &info) == 0 && info.st_mode & 0o777 == 0o700, "devenv changed no directory's mode")
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: link)) ?? ""
        if PlainUser.isSwitching {
            #expect(target.hasPrefix("/var/lib/devenv/clusters/"), "\(link) links to the cluster: '\(target)'")
        }
        #expect(try sandbox.run("down").status == 0)
        #expect(try sandbox.run("up").status == 0)
        #expect(try row() == "7", "kept across down and up")

        #expect(try sandbox.run("down", "--purge").status == 0)
        #expect(!FileManager.default.fileExists(atPath: link))
        if !target.isEmpty { #expect(!FileManager.default.fileExists(atPath: target), "purge removes the linked cluster") }
    }
}
