import Foundation
import Testing

/// The environment's own Postgres, for real: cluster, roles, seeds, reset, data kept across down.
@Suite(.serialized) struct PostgresStackTests {
    static let schema = "CREATE TABLE app_values (id bigserial PRIMARY KEY, value bigint NOT NULL, source text NOT NULL DEFAULT 'adder');\n"
    static let values = "value,source\n5,seed\n7,seed\n30,seed\n"

    static func manifest(extra: String = "") -> String {
        """
        postgres:
          settings: { fsync: "off" }
          databases:
            app:
              seed:
                - seed/schema.sql
                - { file: seed/values.csv, table: app_values }
        services:
          reader:
            command: "exec sleep 1000"
            env: { DATABASE_URL: "${postgres.databases.app.url}" }
        \(extra)
        """
    }

    private func project(values: String = values) throws -> Sandbox {
        try Sandbox(["environments/dev.yaml": Self.manifest(), "seed/schema.sql": Self.schema, "seed/values.csv": values])
    }

    private func sql(_ sandbox: Sandbox, _ statement: String) throws -> String {
        try SQL.run(try sandbox.run("url").stdout.trimmingCharacters(in: .whitespacesAndNewlines), statement)
    }

    @Test func upSeedsOnceAndDownKeepsTheData() throws {
        let sandbox = try project()
        defer { sandbox.tearDown() }
        let up = try sandbox.run("up")
        #expect(up.status == 0, "\(up.stderr)")
        let status = try sandbox.status()
        let postgres = status["postgres"] as? [String: Any]
        #expect(postgres?["state"] as? String == "running")
        #expect((postgres?["port"] as? NSNumber)?.intValue ?? 0 > 0)
        #expect(try sql(sandbox, "select sum(value) from app_values") == "42")
        #expect(try sql(sandbox, "select current_user") == "app", "the URL connects as the owner role")
        #expect(try sql(sandbox, "insert into app_values(value) values (100) returning value") == "100")

        #expect(try sandbox.run("down").status == 0)
        #expect(try sandbox.run("up").status == 0)
        #expect(try sql(sandbox, "select sum(value) from app_values") == "142", "down keeps data; seeds are not applied twice")
        #expect(try sql(sandbox, "select count(*) from devenv_seed_ledger") == "2")

        // The daemon keeps a spare copy of the seeded state ready, so a reset is two renames.
        let copies = "select string_agg(datname, ',' order by datname) from pg_database where datname like 'app\\_\\_devenv\\_%'"
        #expect(try eventually { try sql(sandbox, copies) == "app__devenv_seeded,app__devenv_spare" }, "\((try? sql(sandbox, copies)) ?? "")")
        let reset = try sandbox.run("seed", "--reset")
        #expect(reset.status == 0, "\(reset.stderr)")
        #expect(try sql(sandbox, "select sum(value) from app_values") == "42", "reset restores the seeded state")
        // Then it makes the next spare and drops the database the reset swapped out.
        #expect(try eventually { try sql(sandbox, copies) == "app__devenv_seeded,app__devenv_spare" }, "\((try? sql(sandbox, copies)) ?? "")")
        #expect(try sandbox.run("seed", "--reset").status == 0)
        #expect(try sql(sandbox, "select sum(value) from app_values") == "42")

        #expect(try sandbox.run("down", "--purge").status == 0)
        #expect(!FileManager.default.fileExists(atPath: sandbox.root + "/.devenv/dev/postgres"))
    }

    @Test func upWithOnlyPostgresReturnsOnceTheSeedsAreIn() throws {
        let sandbox = try Sandbox([
            "environments/dev.yaml": "postgres:\n  databases:\n    app:\n      seed: [seed/schema.sql, { file: seed/values.csv, table: app_values }]\n",
            "seed/schema.sql": Self.schema, "seed/values.csv": Self.values,
        ])
        defer { sandbox.tearDown() }
        #expect(try sandbox.run("up").status == 0)
        #expect(try sql(sandbox, "select sum(value) from app_values") == "42", "up returned before the seeds were in")
    }

    @Test func aBadCSVRowFailsUpNamingFileAndLineAndAppliesNothing() throws {
        let sandbox = try project(values: "value,source\n5,seed\nseven,seed\n30,seed\n")
        defer { sandbox.tearDown() }
        let up = try sandbox.run("up", "--timeout", "30s")
        #expect(up.status == 1)
        #expect(up.stderr.contains("postgres failed"))
        #expect(up.stderr.contains("seed/values.csv:3"), "\(up.stderr)")
        #expect(try sandbox.replicas("reader").allSatisfy { ($0["pid"] as? NSNumber) == nil }, "dependents never started")
    }

    /// The owner's URL from the files the daemon writes, before `devenv url` can answer.
    static func ownerURL(_ sandbox: Sandbox) -> String? {
        guard let password = try? String(contentsOfFile: sandbox.root + "/.devenv/dev/postgres/roles/app.password", encoding: .utf8),
              let port = ((try? sandbox.status())?["postgres"] as? [String: Any])?["port"] as? NSNumber else { return nil }
        return "postgresql://app:\(password.trimmingCharacters(in: .whitespacesAndNewlines))@127.0.0.1:\(port)/app"
    }

    /// No secret in any argv devenv starts: psql gets its password through its environment, and
    /// neither the shims' nor Postgres's command lines carry one. Every local user can read argv.
    @Test func noPasswordOnAnyCommandLine() throws {
        let sandbox = try project()
        defer { sandbox.tearDown() }
        #expect(try sandbox.run("up").status == 0)
        let url = try #require(URLComponents(string: try sandbox.run("url").stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let password = try #require(url.password)
        #expect(password.count >= 16)
        let superuser = try String(contentsOfFile: sandbox.root + "/.devenv/dev/postgres/superuser.password", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)

        let psql = Process()
        psql.executableURL = URL(fileURLWithPath: CLI.devenv)
        psql.arguments = ["psql", "--", "-X", "-At", "-c", "select current_user, pg_sleep(2)"]
        psql.currentDirectoryURL = URL(fileURLWithPath: sandbox.root)
        let output = Pipe()
        psql.standardOutput = output
        psql.standardInput = FileHandle.nullDevice
        try psql.run()
        var seen = ""
        #expect(eventually { seen = Processes.commandLine(of: psql.processIdentifier); return seen.hasPrefix("psql ") || seen.contains("bin/psql ") }, "psql runs: '\(seen)'")
        var leaks: [String] = []
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry) else { continue }
            let line = Processes.commandLine(of: pid)
            if line.contains(password) || line.contains(superuser) { leaks.append("\(pid): \(line)") }
        }
        #expect(leaks.isEmpty, "secrets on command lines: \(leaks)")
        let answer = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        psql.waitUntilExit()
        #expect(psql.terminationStatus == 0)
        #expect(answer.hasPrefix("app|"), "psql connected as the owner: \(answer)")
    }

    @Test func seedAppliesAnEntryAddedToTheManifestOnce() throws {
        let sandbox = try project()
        defer { sandbox.tearDown() }
        #expect(try sandbox.run("up").status == 0)
        try "name\nalpha\nbeta\n".write(toFile: sandbox.root + "/seed/t.csv", atomically: true, encoding: .utf8)
        try "CREATE TABLE t (name text);\n".write(toFile: sandbox.root + "/seed/t.sql", atomically: true, encoding: .utf8)
        let grown = Self.manifest().replacingOccurrences(
            of: "- { file: seed/values.csv, table: app_values }",
            with: "- { file: seed/values.csv, table: app_values }\n        - seed/t.sql\n        - { file: seed/t.csv, table: t }")
        try grown.write(toFile: sandbox.root + "/environments/dev.yaml", atomically: true, encoding: .utf8)

        let seed = try sandbox.run("seed")
        #expect(seed.status == 0, "\(seed.stderr)")
        #expect(seed.stdout.contains("app: seed/t.csv applied (2 rows)"), "\(seed.stdout)")
        #expect(try sql(sandbox, "select string_agg(name, ',' order by name) from t") == "alpha,beta")
        let again = try sandbox.run("seed")
        #expect(again.stdout.contains("app: seed/t.csv already applied"), "\(again.stdout)")
        #expect(try sql(sandbox, "select count(*) from t") == "2", "exactly once")

        // A change beyond the seed files is up's to apply: seed says so and changes nothing.
        try (grown + "\n").replacingOccurrences(of: "    app:\n", with: "    app:\n      owner: someone\n")
            .write(toFile: sandbox.root + "/environments/dev.yaml", atomically: true, encoding: .utf8)
        let refused = try sandbox.run("seed")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("devenv up dev"), "\(refused.stderr)")
    }

    @Test func aChangedSeedFileIsAnErrorThatSuggestsReset() throws {
        let sandbox = try project()
        defer { sandbox.tearDown() }
        #expect(try sandbox.run("up").status == 0)
        try (Self.values + "9,seed\n").write(toFile: sandbox.root + "/seed/values.csv", atomically: true, encoding: .utf8)
        let seed = try sandbox.run("seed")
        #expect(seed.status == 1)
        #expect(seed.stderr.contains("seed/values.csv"))
        #expect(seed.stderr.contains("devenv seed --reset"))
        let reset = try sandbox.run("seed", "--reset")
        #expect(reset.status == 0, "\(reset.stderr)")
        #expect(try sql(sandbox, "select sum(value) from app_values") == "51")
    }

    @Test func killingTheDaemonDuringALargeCopyAppliesTheSeedExactlyOnce() throws {
        var csv = "value,source\n"
        csv.reserveCapacity(20_000_000)
        for index in 0..<1_000_000 { csv += "\(index % 1000),bulk\n" }
        let sandbox = try project(values: csv)
        defer { sandbox.tearDown() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.devenv)
        process.arguments = ["up", "--timeout", "120s"]
        process.currentDirectoryURL = URL(fileURLWithPath: sandbox.root)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the COPY is under way — rows are streaming into the table, as another session
        // sees in pg_stat_progress_copy — then kill the daemon (and so its Postgres) mid-way.
        var copied = 0
        let copying = eventually(within: 60) {
            guard let url = Self.ownerURL(sandbox),
                  let rows = Int((try? SQL.run(url, "select coalesce(max(tuples_processed), 0) from pg_stat_progress_copy")) ?? "")
            else { return false }
            copied = rows
            return rows > 0
        }
        #expect(copying, "the COPY was seen under way")
        let daemon = Processes.running(under: sandbox.root).filter {
            ((try? String(contentsOfFile: "/proc/\($0)/cmdline", encoding: .utf8)) ?? "").contains("daemon")
        }
        for pid in daemon { kill(pid, SIGKILL) }
        process.waitUntilExit()
        #expect(eventually { Processes.running(under: sandbox.root).isEmpty })

        #expect(copied < 1_000_000, "killed mid-COPY, after \(copied) rows")

        let again = try sandbox.run("up", "--timeout", "120s")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try sql(sandbox, "select count(*) from app_values") == "1000000")
        #expect(try sql(sandbox, "select count(*) from devenv_seed_ledger where file = 'seed/values.csv'") == "1")
    }
}
