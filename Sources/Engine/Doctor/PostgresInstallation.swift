import Foundation

/// A Postgres server installation: a directory with `initdb`, `postgres` and `pg_ctl`.
public struct PostgresInstallation: Hashable, Sendable {
    public var version: String
    public var binDirectory: String

    /// Installations found under `/usr/lib/postgresql/*/bin` and on `searchPath`, newest first.
    public static func discover(searchPath: [String], libraryRoot: String = "/usr/lib/postgresql") -> [PostgresInstallation] {
        var found: [PostgresInstallation] = []
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: libraryRoot)) ?? []
        for version in versions {
            let bin = "\(libraryRoot)/\(version)/bin"
            if isServer(bin) { found.append(PostgresInstallation(version: version, binDirectory: bin)) }
        }
        for directory in searchPath where isServer(directory) && !found.contains(where: { $0.binDirectory == directory }) {
            found.append(PostgresInstallation(version: "unknown", binDirectory: directory))
        }
        return found.sorted { (Int($0.version) ?? 0) > (Int($1.version) ?? 0) }
    }

    private static func isServer(_ directory: String) -> Bool {
        ["initdb", "postgres", "pg_ctl"].allSatisfy {
            FileManager.default.isExecutableFile(atPath: (directory as NSString).appendingPathComponent($0))
        }
    }
}
