import ContainerTestSupport
import Foundation
import Glibc
import Postgres

/// A real Postgres for one test: its own cluster under a temporary directory, started with
/// `PostgresCluster.serverCommand` on a free port (as the run user when root), stopped with SIGINT.
final class TestServer {
    let root: String
    let cluster: PostgresCluster
    let port: Int
    let preparation: ClusterPreparation
    private let process: Process

    /// The template cache the tests share across runs, like the real per-user cache.
    /// Per user: root's run and a plain user's run share a machine (CI runs both).
    static let sharedTemplateCache = "/tmp/devenv-postgres-tests-\(getuid())/postgres-template"

    static let installation: PostgresInstallation = {
        do { return try PostgresInstallation.find(version: nil) } catch { fatalError("\(error)") }
    }()

    var superuserURL: String { cluster.superuserURL(port: port) }

    init(templateCache: String = TestServer.sharedTemplateCache, settings: [String: String] = [:]) throws {
        let root = try Self.makeTemporaryDirectory()
        self.root = root
        cluster = PostgresCluster(directory: root + "/.devenv/test/postgres", installation: Self.installation)
        do {
            preparation = try cluster.prepare(templateCache: templateCache)
            port = try Loopback.freePort()
            process = try Self.launch(cluster, port: port, settings: settings, log: root + "/postgres.log")
        } catch {
            _ = try? Self.run(["/bin/rm", "-rf", root])
            throw error
        }
        do {
            try waitUntilReady()
        } catch {
            stop()  // never leave a server behind
            throw error
        }
    }

    /// Stops the server (SIGINT: fast shutdown), waits for it and removes the directory.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGINT)
            process.waitUntilExit()
        }
        _ = try? Self.run(["/bin/rm", "-rf", root])
    }

    deinit { stop() }

    /// Starts `serverCommand`'s argv as its user, output to `log`.
    static func launch(_ cluster: PostgresCluster, port: Int, settings: [String: String], log: String) throws -> Process {
        let command = cluster.serverCommand(port: port, settings: settings)
        var argv = command.argv
        if let user = command.user {
            guard let entry = getpwnam(user) else { throw TestFailure("no user \(user)") }
            argv = ["/usr/bin/setpriv", "--reuid=\(entry.pointee.pw_uid)", "--regid=\(entry.pointee.pw_gid)", "--clear-groups", "--"] + argv
        }
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst())
        process.environment = command.environment
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// Polls `PGConnection.ping` until the server accepts connections (deadline 30 s).
    func waitUntilReady() throws {
        let url = "host=127.0.0.1 port=\(port) dbname=postgres connect_timeout=2"
        try Self.waitFor(deadline: .seconds(30), "the server on port \(port) to accept connections") {
            if !process.isRunning {
                let log = (try? String(contentsOfFile: root + "/postgres.log", encoding: .utf8)) ?? ""
                throw TestFailure("postgres exited (\(process.terminationStatus)):\n\(log)")
            }
            return PGConnection.ping(url: url) == .ok
        }
    }

    /// Re-checks `condition` until it holds or `deadline` passes.
    static func waitFor(deadline: Duration, _ what: String, _ condition: () throws -> Bool) throws {
        let clock = ContinuousClock(), end = clock.now + deadline
        while try !condition() {
            guard clock.now < end else { throw TestFailure("timed out waiting for \(what)") }
            usleep(10_000)  // the poll interval of a deadline loop, not a synchronisation
        }
    }

    static func makeTemporaryDirectory() throws -> String {
        var template = Array("/tmp/devenv-pgtest-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw TestFailure("mkdtemp failed")
        }
        let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        chmod(path, 0o711)  // the run user passes through to .devenv/test/postgres/data
        return path
    }

    @discardableResult
    static func run(_ argv: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst())
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
