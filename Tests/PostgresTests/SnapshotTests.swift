import Foundation
import Postgres
import Testing

extension PostgresSuite {
    @Suite("Seeder snapshots: seed --reset restores the seeded state")
    struct SnapshotTests {
        @Test("reset restores the seeded rows from the snapshot and drops rows added since")
        func snapshotAndReset() throws {
            let fixture = try SeedFixture()
            defer { fixture.stop() }
            let rows = (1...50_000).map { "\($0),seed" }.joined(separator: "\n")
            let files = [try fixture.schema(), try fixture.write("values.csv", "value,source\n" + rows + "\n", table: "app_values")]
            _ = try fixture.seeder.apply(files)
            let clock = ContinuousClock()
            // With no snapshot yet, a reset seeds from scratch, then keeps a snapshot.
            var start = clock.now
            #expect(try fixture.seeder.reset(reapplying: files).map(\.applied) == [true, true])
            let reseeding = clock.now - start
            #expect(try fixture.seeder.hasSnapshot())
            try fixture.seeder.snapshot()  // taking it again replaces it

            let session = try fixture.connect()  // an open session: reset ends it
            try session.execute("INSERT INTO app_values (value) VALUES (-1); DELETE FROM app_values WHERE value = 1; CREATE TABLE extra (x int)")
            start = clock.now
            let outcomes = try fixture.seeder.reset(reapplying: files)
            let restoring = clock.now - start
            print("reset by re-seeding 50k rows took \(reseeding); reset from the snapshot took \(restoring)")
            #expect(outcomes.map(\.applied) == [false, false])

            let connection = try fixture.connect()
            #expect(try connection.query("SELECT count(*), min(value), max(value) FROM app_values") == [["50000", "1", "50000"]])
            #expect(try connection.query("SELECT to_regclass('extra')") == [[nil]])
            #expect(try connection.query("SELECT current_user") == [["app"]])
            #expect(try fixture.ledger().count == 2)
            #expect(throws: PGError.self) { try session.query("SELECT 1") }  // ended by the reset

            // The snapshot itself accepts no connections.
            let snapshotURL = try #require(PGConnection.parameters(of: fixture.server.superuserURL))
            let refused = #expect(throws: PGError.self) {
                try PGConnection(url: fixture.server.superuserURL, overriding: ["dbname": "app__devenv_seeded"])
            }
            #expect(refused?.message.contains("not currently accepting connections") == true)
            #expect(snapshotURL["user"] == "postgres")
        }

        @Test("reset without a snapshot re-seeds an empty database, then keeps a snapshot")
        func resetWithoutSnapshot() throws {
            let fixture = try SeedFixture()
            defer { fixture.stop() }
            let files = [try fixture.schema(), try fixture.write("plain.csv", "1,one\n")]
            _ = try fixture.seeder.apply(files)
            try fixture.connect().execute("INSERT INTO plain VALUES (9, 'added')")
            #expect(try !fixture.seeder.hasSnapshot())
            let outcomes = try fixture.seeder.reset(reapplying: files)
            #expect(outcomes.map(\.applied) == [true, true])
            #expect(try fixture.connect().query("SELECT a FROM plain ORDER BY a") == [["0"], ["1"]])
            #expect(try fixture.seeder.hasSnapshot())
        }

        @Test("reset after a seed file changed re-seeds from scratch with the new file")
        func resetAfterChange() throws {
            let fixture = try SeedFixture()
            defer { fixture.stop() }
            let schema = try fixture.schema()
            let plain = try fixture.write("plain.csv", "1,one\n")
            _ = try fixture.seeder.apply([schema, plain])
            try fixture.seeder.snapshot()
            try fixture.write("plain.csv", "1,one\n2,two\n")
            #expect(throws: SeedError.self) { try fixture.seeder.apply([schema, plain]) }

            let outcomes = try fixture.seeder.reset(reapplying: [schema, plain])
            #expect(outcomes.map(\.applied) == [true, true])
            #expect(try fixture.connect().query("SELECT count(*) FROM plain") == [["3"]])
            #expect(try fixture.seeder.apply([schema, plain]).map(\.applied) == [false, false])
            // The new snapshot holds the new seed.
            try fixture.connect().execute("DELETE FROM plain")
            _ = try fixture.seeder.reset(reapplying: [schema, plain])
            #expect(try fixture.connect().query("SELECT count(*) FROM plain") == [["3"]])
        }

        @Test("a prepared spare makes reset two renames: seeded rows back, owner and sessions as before, trash dropped later")
        func resetSwapsInTheSpare() throws {
            let fixture = try SeedFixture()
            defer { fixture.stop() }
            let rows = (1...20_000).map { "\($0),seed" }.joined(separator: "\n")
            let files = [try fixture.schema(), try fixture.write("values.csv", "value,source\n" + rows + "\n", table: "app_values")]
            _ = try fixture.seeder.apply(files)
            try fixture.seeder.snapshot()
            #expect(try !fixture.seeder.hasSpare())
            try fixture.seeder.prepareSpare()
            #expect(try fixture.seeder.hasSpare())

            for round in 1...2 {
                let session = try fixture.connect()
                try session.execute("DELETE FROM app_values WHERE value <= 10; CREATE TABLE extra\(round) (x int)")
                #expect(try fixture.seeder.reset(reapplying: files).map(\.applied) == [false, false])
                #expect(throws: PGError.self) { try session.query("SELECT 1") }  // ended by the reset
                #expect(try !fixture.seeder.hasSpare(), "round \(round): the spare became the database")

                let connection = try fixture.connect()
                #expect(try connection.query("SELECT count(*), min(value) FROM app_values") == [["20000", "1"]])
                #expect(try connection.query("SELECT to_regclass('extra\(round)')") == [[nil]])
                #expect(try connection.query("SELECT current_user, pg_get_userbyid(datdba), datallowconn FROM pg_database WHERE datname = current_database()")
                        == [["app", "app", "t"]])
                // Only the owner (and superusers) may connect, as with a database devenv created.
                #expect(try connection.query("SELECT has_database_privilege('public', current_database(), 'CONNECT')") == [["f"]])
                #expect(try names(fixture, like: "app__devenv_old%") == ["app__devenv_old0"], "the old database waits to be dropped")

                try fixture.seeder.prepareSpare()
                #expect(try fixture.seeder.hasSpare())
                #expect(try names(fixture, like: "app__devenv_old%").isEmpty)
            }
            // Back to back, without preparing in between: each swapped-out database gets its own
            // name, a reset without a spare copies the snapshot itself.
            for _ in 1...2 { _ = try fixture.seeder.reset(reapplying: files) }
            #expect(try names(fixture, like: "app__devenv_old%") == ["app__devenv_old0"])
            #expect(try fixture.connect().query("SELECT count(*) FROM app_values") == [["20000"]])
            try fixture.seeder.prepareSpare()
            _ = try fixture.seeder.reset(reapplying: files)
            #expect(try names(fixture, like: "app__devenv_old%") == ["app__devenv_old0"])
            try fixture.seeder.prepareSpare()
            #expect(try names(fixture, like: "app__devenv_old%").isEmpty)
            // A new snapshot makes the spare stale: it goes with the old snapshot.
            try fixture.seeder.snapshot()
            #expect(try !fixture.seeder.hasSpare())
        }

        @Test("reset with a spare after a seed file changed re-seeds from scratch and replaces snapshot and spare")
        func resetWithSpareAfterChange() throws {
            let fixture = try SeedFixture()
            defer { fixture.stop() }
            let schema = try fixture.schema()
            let plain = try fixture.write("plain.csv", "1,one\n")
            _ = try fixture.seeder.apply([schema, plain])
            try fixture.seeder.snapshot()
            try fixture.seeder.prepareSpare()
            try fixture.write("plain.csv", "1,one\n2,two\n")

            #expect(try fixture.seeder.reset(reapplying: [schema, plain]).map(\.applied) == [true, true])
            #expect(try fixture.connect().query("SELECT count(*) FROM plain") == [["3"]])
            #expect(try !fixture.seeder.hasSpare(), "the stale spare is dropped")
            try fixture.seeder.prepareSpare()
            try fixture.connect().execute("DELETE FROM plain")
            #expect(try fixture.seeder.reset(reapplying: [schema, plain]).map(\.applied) == [false, false])
            #expect(try fixture.connect().query("SELECT count(*) FROM plain") == [["3"]], "the new spare holds the new seed")
        }

        @Test("reset with a spare recreates a database that was dropped by hand")
        func resetWithSpareAfterDrop() throws {
            let fixture = try SeedFixture()
            defer { fixture.stop() }
            let files = [try fixture.schema(), try fixture.write("plain.csv", "1,one\n")]
            _ = try fixture.seeder.apply(files)
            try fixture.seeder.snapshot()
            try fixture.seeder.prepareSpare()
            try PGConnection(url: fixture.server.superuserURL).execute("DROP DATABASE app WITH (FORCE)")
            #expect(try fixture.seeder.reset(reapplying: files).map(\.applied) == [false, false])
            #expect(try fixture.connect().query("SELECT a FROM plain ORDER BY a") == [["0"], ["1"]])
        }

        private func names(_ fixture: SeedFixture, like pattern: String) throws -> [String] {
            try PGConnection(url: fixture.server.superuserURL)
                .query("SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY 1", [pattern]).compactMap { $0[0] }
        }
    }
}
