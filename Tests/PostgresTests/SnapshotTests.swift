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
    }
}
