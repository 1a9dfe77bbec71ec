import Foundation
import Glibc
import Postgres
import Testing

extension PostgresSuite {
    @Suite("Seeder: exactly-once seeds, header detection, errors with file:line")
    struct SeedTests {
        @Test("SQL and CSV seeds apply in order, once; a second apply is a no-op")
        func seedsApplyOnce() throws {
            let fixture = try SeedFixture()
            defer { fixture.stop() }
            let files = [
                try fixture.schema(),
                // A header in another order than the table's columns: detected and used.
                try fixture.write("values.csv", "source,value\nseed,5\nseed,7\n\"quoted, source\",30\n", table: "app_values"),
                // No header; the table is the file's base name.
                try fixture.write("plain.csv", "1,one\n2,two\n"),
            ]
            let outcomes = try fixture.seeder.apply(files)
            #expect(outcomes.map(\.applied) == [true, true, true])
            #expect(outcomes.map(\.rows) == [1, 3, 2])
            #expect(outcomes.allSatisfy { $0.sha256.count == 64 })
            let connection = try fixture.connect()
            #expect(try connection.query("SELECT value, source FROM app_values ORDER BY id") == [["5", "seed"], ["7", "seed"], ["30", "quoted, source"]])
            #expect(try connection.query("SELECT a, b FROM plain ORDER BY a") == [["0", "from sql"], ["1", "one"], ["2", "two"]])
            #expect(try connection.query("SELECT tableowner FROM pg_tables WHERE tablename = 'app_values'") == [["app"]])
            #expect(try fixture.ledger().count == 3)

            let again = try fixture.seeder.apply(files)
            #expect(again.map(\.applied) == [false, false, false])
            #expect(again.map(\.rows) == [1, 3, 2])
            #expect(again.map(\.sha256) == outcomes.map(\.sha256))
            #expect(try connection.query("SELECT count(*) FROM app_values") == [["3"]])
        }

        @Test("a bad CSV row rolls its file back and names file:line; the ledger is unchanged")
        func badRowRollsBack() throws {
            let fixture = try SeedFixture()
            defer { fixture.stop() }
            let schema = try fixture.schema()
            _ = try fixture.seeder.apply([schema])
            let bad = try fixture.write("values.csv", "value,source\n1,a\n2,b\nthree,c\n4,d\n", table: "app_values")
            let error = #expect(throws: SeedError.self) { try fixture.seeder.apply([schema, bad]) }
            #expect(error?.code == .failed)
            #expect(error?.file == "seed/values.csv")
            #expect(error?.line == 4)
            #expect(error?.description.hasPrefix("seed/values.csv:4: invalid input syntax for type bigint") == true)
            #expect(try fixture.connect().query("SELECT count(*) FROM app_values") == [["0"]])
            #expect(try fixture.ledger() == [["seed/schema.sql", "1"]])

            let missingTable = try fixture.write("nowhere.csv", "1\n")
            let missing = #expect(throws: SeedError.self) { try fixture.seeder.apply([missingTable]) }
            #expect(missing?.description.contains("seed/nowhere.csv: the table nowhere does not exist") == true)
        }

        @Test("a failing SQL seed names the line of the failing statement and leaves nothing")
        func sqlErrorLine() throws {
            let fixture = try SeedFixture()
            defer { fixture.stop() }
            let broken = try fixture.write("broken.sql", "CREATE TABLE ok_table (id int);\n-- a comment\nINSERT INTO missing_table\n  VALUES (1);\n")
            let error = #expect(throws: SeedError.self) { try fixture.seeder.apply([broken]) }
            #expect(error?.line == 3)
            #expect(error?.underlying?.sqlState == "42P01")
            #expect(error?.description.hasPrefix("seed/broken.sql:3: relation \"missing_table\" does not exist") == true)
            #expect(try fixture.connect().query("SELECT to_regclass('ok_table')") == [[nil]])
            #expect(try fixture.ledger().isEmpty)
        }

        @Test("a seed changed after it was applied is an error suggesting devenv seed --reset")
        func changedSeedFile() throws {
            let fixture = try SeedFixture()
            defer { fixture.stop() }
            let schema = try fixture.schema()
            _ = try fixture.seeder.apply([schema])
            try (try String(contentsOfFile: schema.path, encoding: .utf8) + "\n-- edited\n").write(toFile: schema.path, atomically: true, encoding: .utf8)
            let error = #expect(throws: SeedError.self) { try fixture.seeder.apply([schema]) }
            #expect(error?.code == .changedSinceApplied)
            #expect(error?.file == "seed/schema.sql")
            #expect(error?.description.contains("devenv seed --reset") == true)
        }

        @Test("two seeders at once apply each file exactly once")
        func concurrentSeeders() throws {
            let fixture = try SeedFixture()
            defer { fixture.stop() }
            let files = [try fixture.schema(), try fixture.write("plain.csv", "1,one\n2,two\n")]
            let results = Results(), seeder = fixture.seeder
            DispatchQueue.concurrentPerform(iterations: 3) { _ in
                results.append(Result { try seeder.apply(files) })
            }
            let outcomes = try results.all.map { try $0.get() }
            #expect(outcomes.count == 3)
            #expect(outcomes.map { $0.filter(\.applied).count }.reduce(0, +) == 2)
            #expect(try fixture.connect().query("SELECT count(*) FROM plain") == [["3"]])
        }

        @Test("a seeding session killed mid-COPY leaves neither rows nor a ledger entry")
        func killedMidCopy() throws {
            let fixture = try SeedFixture()
            defer { fixture.stop() }
            let schema = try fixture.schema()
            _ = try fixture.seeder.apply([schema])
            let path = fixture.server.root + "/seed/big.csv"
            let line = "1,\(String(repeating: "y", count: 200))\n"
            try String(repeating: line, count: 400_000).write(toFile: path, atomically: true, encoding: .utf8)
            let big = SeedFile(path: path, displayName: "seed/big.csv", table: "plain")

            let admin = try PGConnection(url: fixture.server.superuserURL)
            let failure = Results(), seeder = fixture.seeder
            let seeding = Thread { failure.append(Result { try seeder.apply([big]) }) }
            seeding.start()
            // Wait until the COPY runs, then kill its backend (as a crash would).
            try TestServer.waitFor(deadline: .seconds(20), "the COPY to start") {
                try !admin.query("SELECT 1 FROM pg_stat_activity WHERE query LIKE 'COPY %' AND state = 'active'").isEmpty
                    || !failure.all.isEmpty
            }
            _ = try admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'COPY %'")
            try TestServer.waitFor(deadline: .seconds(20), "the seeder to fail") { !failure.all.isEmpty }
            #expect(throws: SeedError.self) { try failure.all[0].get() }
            #expect(try fixture.connect().query("SELECT count(*) FROM plain") == [["1"]])
            #expect(try fixture.ledger() == [["seed/schema.sql", "1"]])
            // And it applies cleanly afterwards.
            #expect(try fixture.seeder.apply([big]).first?.rows == 400_000)
        }
    }
}

/// Results gathered from several threads.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<[SeedOutcome], any Error>] = []

    func append(_ result: Result<[SeedOutcome], any Error>) {
        lock.withLock { results.append(result) }
    }

    var all: [Result<[SeedOutcome], any Error>] { lock.withLock { results } }
}
