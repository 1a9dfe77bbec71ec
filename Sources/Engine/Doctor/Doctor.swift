import Foundation
import Manifest
import Postgres
import Supervisor

/// `devenv doctor`: what is installed, what is missing, and how to get it.
public struct Doctor: Sendable {
    public struct Check: Hashable, Sendable, Codable {
        public enum Status: String, Sendable, Codable {
            case ok, warning, missing
        }

        public var name: String
        public var status: Status
        public var detail: String
        /// What to do about a warning or a missing piece.
        public var fix: String?
    }

    public var project: Project?
    public var searchPath: [String]

    public init(project: Project?, searchPath: [String] = Doctor.defaultSearchPath()) {
        self.project = project
        self.searchPath = searchPath
    }

    public static func defaultSearchPath() -> [String] {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
    }

    public func run() async -> [Check] {
        var checks = [postgresServer(), clientLibrary(),
                      program("psql", package: "postgresql-client", required: true, purpose: "devenv psql")]
        checks.append(await containerEngine())
        checks.append(contentsOf: ports())
        return checks
    }

    private func postgresServer() -> Check {
        do {
            let installation = try PostgresInstallation.find(version: nil)
            return Check(name: "postgres", status: .ok, detail: "server \(installation.version) (\(installation.binDirectory))")
        } catch {
            return Check(name: "postgres", status: .missing, detail: "no Postgres server binaries (initdb, postgres) found",
                         fix: "apt-get install postgresql (Debian/Ubuntu), or put its bin directory on PATH")
        }
    }

    /// libpq is loaded when a process first talks to Postgres: load it now, so a missing one is
    /// reported here rather than at the first `up` with a `postgres:` block.
    private func clientLibrary() -> Check {
        if let problem = PGConnection.clientLibraryProblem {
            return Check(name: "libpq", status: .missing, detail: problem, fix: "apt-get install libpq5")
        }
        return Check(name: "libpq", status: .ok, detail: "libpq.so.5 (loaded when a command first talks to Postgres)")
    }

    private func program(_ name: String, package: String, required: Bool, purpose: String) -> Check {
        if let path = Self.find(name, in: searchPath) {
            return Check(name: name, status: .ok, detail: path)
        }
        return Check(name: name, status: required ? .missing : .warning, detail: "\(name) not found (needed for \(purpose))",
                     fix: "apt-get install \(package)")
    }

    /// Which container tool works here (podman, then docker), or what to install or configure:
    /// only services with an `image:` need one.
    private func containerEngine() async -> Check {
        let checks = await ContainerCLI.checkAll()
        if let working = checks.first(where: \.works), let cli = working.cli {
            return Check(name: "containers", status: .ok,
                         detail: "\(cli.kind) at \(cli.path)" + (working.version.map { " (\($0))" } ?? "") + " works")
        }
        let problems = checks.compactMap { check in check.problem.map { "\(check.kind): \($0)" } }
        return Check(name: "containers", status: .warning,
                     detail: (problems.isEmpty ? "neither podman nor docker works" : problems.joined(separator: "; "))
                         + " (only services with an image: need one)",
                     fix: checks.compactMap(\.fix).first ?? "apt-get install podman runc uidmap")
    }

    /// Fixed ports named by the project's manifests that something else already listens on.
    private func ports() -> [Check] {
        guard let project else { return [] }
        var claims: [Int: [String]] = [:]
        for name in project.environmentNames() {
            guard let environment = try? ManifestLoader(project: project).load(name) else { continue }
            var fixed: [(Int, String)] = []
            if let port = environment.router?.port.fixedValue { fixed.append((port, "\(name) router")) }
            if let port = environment.postgres?.port.fixedValue { fixed.append((port, "\(name) postgres")) }
            for service in environment.services {
                if let port = service.port?.fixedValue { fixed.append((port, "\(name) \(service.name)")) }
            }
            for (port, owner) in fixed { claims[port, default: []].append(owner) }
        }
        return claims.keys.sorted().map { port in
            let owners = claims[port]!.joined(separator: ", ")
            if PortProbe.isFree(port: port) {
                return Check(name: "port \(port)", status: .ok, detail: "free (\(owners))")
            }
            return Check(name: "port \(port)", status: .warning, detail: "in use by another program (wanted by \(owners))",
                         fix: "stop what listens on \(port) (ss -ltnp 'sport = :\(port)'), or use port: auto in the manifest")
        }
    }

    static func find(_ program: String, in searchPath: [String]) -> String? {
        for directory in searchPath {
            let path = (directory as NSString).appendingPathComponent(program)
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}
