import Glibc

/// A Postgres server installation: a directory holding `initdb` and `postgres`.
public struct PostgresInstallation: Sendable, Hashable {
    /// The major version, e.g. `15`.
    public var version: String
    /// The directory holding `initdb` and `postgres`.
    public var binDirectory: String

    public init(version: String, binDirectory: String) {
        self.version = version
        self.binDirectory = binDirectory
    }

    public var postgresPath: String { binDirectory + "/postgres" }
    public var initdbPath: String { binDirectory + "/initdb" }

    /// Finds the server binaries: `pg_config --bindir`, then `/usr/lib/postgresql/*/bin` (newest
    /// first), then `PATH`. With `version`, only that major version (`15`, or `15.4`) qualifies,
    /// and `/usr/lib/postgresql/<version>/bin` is tried first.
    ///
    /// - Throws: `ClusterError` (`.notInstalled`) naming what was searched and what to install.
    public static func find(version: String?) throws -> PostgresInstallation {
        try find(version: version, searchPath: Self.pathEnvironment(), libraryRoot: "/usr/lib/postgresql")
    }

    /// `find(version:)` over an explicit `PATH` and library root.
    public static func find(version: String?, searchPath: [String], libraryRoot: String) throws(ClusterError) -> PostgresInstallation {
        var candidates: [String] = []
        if let version { candidates.append("\(libraryRoot)/\(version.split(separator: ".").first ?? "")/bin") }
        for pgConfig in searchPath.map({ $0 + "/pg_config" }) + ["/usr/bin/pg_config"] where isExecutable(pgConfig) {
            if let outcome = try? ExternalProgram(argv: [pgConfig, "--bindir"]).run(), outcome.succeeded {
                candidates.append(outcome.output.trimmingWhitespace())
            }
            break
        }
        candidates += libraryVersions(libraryRoot).map { "\(libraryRoot)/\($0)/bin" }
        candidates += searchPath
        var seen = Set<String>()
        for directory in candidates where seen.insert(directory).inserted {
            guard isExecutable(directory + "/postgres"), isExecutable(directory + "/initdb") else { continue }
            guard let found = majorVersion(of: directory + "/postgres") else { continue }
            if let version, !(found.major == version || found.full == version || found.full.hasPrefix(version + ".")) {
                continue
            }
            return PostgresInstallation(version: found.major, binDirectory: directory)
        }
        let wanted = version.map { "Postgres \($0) server binaries (initdb, postgres)" } ?? "Postgres server binaries (initdb, postgres)"
        let package = version.map { "postgresql-\($0.split(separator: ".").first ?? "")" } ?? "postgresql"
        throw ClusterError(
            .notInstalled,
            "\(wanted) not found (searched pg_config --bindir, \(libraryRoot)/*/bin and PATH); install them: apt-get install \(package)")
    }

    /// `postgres --version` → ("15", "15.4").
    private static func majorVersion(of postgres: String) -> (major: String, full: String)? {
        guard let outcome = try? ExternalProgram(argv: [postgres, "--version"]).run(), outcome.succeeded else { return nil }
        // "postgres (PostgreSQL) 15.4 (Debian 15.4-1)"
        guard let marker = outcome.output.firstRange(of: ") ") else { return nil }
        let full = String(outcome.output[marker.upperBound...].prefix { $0.isNumber || $0 == "." })
        guard let major = full.split(separator: ".").first, !major.isEmpty else { return nil }
        return (String(major), full)
    }

    /// The numeric subdirectories of `root`, highest version first.
    private static func libraryVersions(_ root: String) -> [String] {
        guard let directory = opendir(root) else { return [] }
        defer { closedir(directory) }
        var versions: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if Double(name) != nil { versions.append(name) }
        }
        return versions.sorted { Double($0)! > Double($1)! }
    }

    private static func isExecutable(_ path: String) -> Bool {
        access(path, X_OK) == 0
    }

    private static func pathEnvironment() -> [String] {
        guard let path = getenv("PATH") else { return [] }
        return String(cString: path).split(separator: ":").map(String.init).filter { !$0.isEmpty }
    }
}
