import Foundation
import Postgres

/// A running server with an `app` database owned by `app`, and seed files under `<root>/seed`.
final class SeedFixture {
    let server: TestServer
    let ownerURL: String
    let seeder: Seeder

    init() throws {
        server = try TestServer()
        let credentials = try server.cluster.ensureDatabases(port: server.port, [DatabaseSpec(name: "app", owner: "app")])
        let app = credentials["app"]!
        ownerURL = PostgresCluster.url(user: app.user, password: app.password, port: server.port, database: "app")
        seeder = Seeder(url: ownerURL, superuserURL: server.superuserURL, database: "app")
        try FileManager.default.createDirectory(atPath: server.root + "/seed", withIntermediateDirectories: true)
    }

    func stop() { server.stop() }

    /// Writes `seed/<name>` and returns it as a seed file.
    @discardableResult
    func write(_ name: String, _ contents: String, table: String? = nil) throws -> SeedFile {
        let path = server.root + "/seed/" + name
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return SeedFile(path: path, displayName: "seed/" + name, table: table)
    }

    /// The demo's schema: app_values like the repository's seed, plus a plain two-column table.
    func schema() throws -> SeedFile {
        try write(
            "schema.sql",
            """
            CREATE TABLE app_values (
                id         bigserial PRIMARY KEY,
                value      bigint      NOT NULL,
                source     text        NOT NULL DEFAULT 'adder',
                created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE TABLE plain (a int, b text);
            INSERT INTO plain VALUES (0, 'from sql');
            """)
    }

    /// A session as the owner.
    func connect() throws -> PGConnection {
        try PGConnection(url: ownerURL)
    }

    func ledger() throws -> [[String?]] {
        try connect().query("SELECT file, rows FROM devenv_seed_ledger ORDER BY applied_at, file")
    }
}
