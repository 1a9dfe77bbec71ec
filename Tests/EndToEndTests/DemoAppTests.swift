import Foundation
import Postgres
import Testing

/// The built `demo-app` against a real, throwaway Postgres: adder, display, reset and home,
/// reached directly and as the router reaches them (`X-Forwarded-Prefix`). Serialized: each test
/// runs its own cluster and services.
@Suite(.serialized)
struct DemoAppTests {
    /// seed/values.csv: 5 + 7 + 30.
    static let seededSum = 42

    @Test func adderStoresValuesAndAnswersTheRunningSum() throws {
        let postgres = try ThrowawayPostgres()
        defer { postgres.remove() }
        let adder = try DemoAppProcess(.adder, database: postgres)
        defer { adder.stop() }

        #expect(try adder.integers("GET", "/") == ["sum": 42, "count": 3])
        // A browser's form: stored, then redirect-after-post to the page.
        let form = try adder.send("POST", "/", body: "value=5", contentType: "application/x-www-form-urlencoded")
        #expect(form.status == 303)
        #expect(form.headers["location"] == "/?added=5")
        // JSON in, JSON out; a form field with Accept: application/json; /add is the same.
        #expect(try adder.integers("POST", "/", body: #"{"value": 10}"#, contentType: "application/json") == ["value": 10, "sum": 57])
        #expect(try adder.integers("POST", "/add", body: "value=-7") == ["value": -7, "sum": 50])
        #expect(try adder.integers("POST", "/", body: #"{"value": "3"}"#, contentType: "application/json") == ["value": 3, "sum": 53])

        let page = try adder.send("GET", "/?added=3")
        #expect(page.status == 200)
        #expect(page.headers["content-type"]?.hasPrefix("text/html") == true)
        #expect(page.body.contains(#"id="sum">53</strong>"#))
        #expect(page.body.contains("Added 3."))
        #expect(page.body.contains(#"<form method="post" action="/add">"#))
        #expect(try postgres.psql("SELECT string_agg(value::text || ':' || source, ',' ORDER BY id) FROM app_values")
            == "5:seed,7:seed,30:seed,5:adder,10:adder,-7:adder,3:adder")
    }

    @Test func displayShowsTheSumAndTheLastValues() throws {
        let postgres = try ThrowawayPostgres()
        defer { postgres.remove() }
        let adder = try DemoAppProcess(.adder, database: postgres)
        defer { adder.stop() }
        let display = try DemoAppProcess(.display, database: postgres)
        defer { display.stop() }
        for value in [1, 2, 3] { _ = try adder.json("POST", "/", body: "value=\(value)") }

        let json = try display.json("GET", "/")
        #expect(json["sum"] as? Int == Self.seededSum + 6)
        #expect(json["count"] as? Int == 6)
        let last = json["last"] as? [[String: Any]] ?? []
        #expect(last.compactMap { $0["value"] as? Int } == [3, 2, 1, 30, 7, 5], "newest first")
        #expect(last.first?["source"] as? String == "adder")
        #expect(last.last?["source"] as? String == "seed")
        #expect(last.last?["created_at"] as? String == "2026-01-01T09:00:00Z")
        let two = try display.json("GET", "/?limit=2")
        #expect((two["last"] as? [[String: Any]])?.compactMap { $0["value"] as? Int } == [3, 2])
        #expect(two["sum"] as? Int == Self.seededSum + 6, "the sum counts every value, not the shown ones")

        let page = try display.send("GET", "/")
        #expect(page.status == 200)
        #expect(page.body.contains(#"id="sum">48</strong>"#))
        #expect(page.body.contains("all 6 values"))
        #expect(page.body.contains(#"<td class="number">30</td><td>seed</td><td>2026-01-01T09:10:00Z</td>"#))
        #expect(try display.send("GET", "/?limit=0").status == 400)
    }

    @Test func resetEmptiesTheTable() throws {
        let postgres = try ThrowawayPostgres()
        defer { postgres.remove() }
        let reset = try DemoAppProcess(.reset, database: postgres)
        defer { reset.stop() }
        let display = try DemoAppProcess(.display, database: postgres)
        defer { display.stop() }

        #expect(try reset.integers("GET", "/") == ["count": 3])
        #expect(try reset.send("GET", "/").body.contains(#"<strong id="count">3</strong>"#))
        #expect(try reset.integers("POST", "/") == ["deleted": 3])
        let empty = try display.json("GET", "/")
        #expect(empty["sum"] as? Int == 0 && empty["count"] as? Int == 0)
        #expect((empty["last"] as? [Any])?.isEmpty == true)
        #expect(try display.send("GET", "/").body.contains("No values yet."))

        // A browser's button: redirect-after-post, then the page says what happened.
        let form = try reset.send("POST", "/", body: "", contentType: "application/x-www-form-urlencoded")
        #expect(form.status == 303)
        #expect(form.headers["location"] == "/?deleted=0")
        #expect(try reset.send("GET", "/?deleted=0").body.contains("Deleted 0 values."))
    }

    @Test func badInputIsRejectedAndNothingIsStored() throws {
        let postgres = try ThrowawayPostgres()
        defer { postgres.remove() }
        let adder = try DemoAppProcess(.adder, database: postgres)
        defer { adder.stop() }

        let form = try adder.send("POST", "/", body: "value=abc")
        #expect(form.status == 400)
        #expect(form.body.contains("value must be an integer (like 5 or -12), got &quot;abc&quot;"))
        #expect(form.body.contains(#"<form method="post""#), "the form is shown again")
        let markup = try adder.send("POST", "/", body: "value=%3Cb%3E")
        #expect(markup.status == 400)
        #expect(markup.body.contains(#"value="&lt;b&gt;""#) && !markup.body.contains("<b>"), "what was entered is escaped")

        let json = [
            (#"{"value": "abc"}"#, #"got \"abc\""#),
            (#"{"value": 2.5}"#, "got 2.5"),
            (#"{"value": true}"#, "got true"),
            ("{}", "value is required"),
            ("[5]", "must be an object"),
            ("not json", "not valid JSON"),
            (#"{"value": "99999999999999999999"}"#, "out of range"),
        ]
        for (body, message) in json {
            let reply = try adder.send("POST", "/", body: body, contentType: "application/json")
            #expect(reply.status == 400, "\(body)")
            #expect(reply.headers["content-type"] == "application/json", "\(body)")
            #expect(reply.body.contains(message), "\(body): \(reply.body)")
        }
        for value in ["", "5.5", "1e3", "5abc", "0x10"] {
            #expect(try adder.send("POST", "/", body: "value=\(value)", accept: "application/json").status == 400, "\(value)")
        }
        #expect(try adder.send("POST", "/", body: String(repeating: "7", count: 70_000)).status == 413)
        #expect(try adder.integers("GET", "/") == ["sum": 42, "count": 3], "nothing was stored")

        #expect(try adder.send("GET", "/nowhere").status == 404)
        let delete = try adder.send("DELETE", "/")
        #expect(delete.status == 405)
        #expect(delete.headers["allow"] == "GET, POST, HEAD")
    }

    @Test func healthFollowsTheDatabaseAndComesBackAfterARestart() throws {
        let postgres = try ThrowawayPostgres()
        defer { postgres.remove() }
        let services = try [DemoAppProcess.Service.adder, .display, .reset].map { try DemoAppProcess($0, database: postgres) }
        defer { services.forEach { $0.stop() } }
        let home = try DemoAppProcess(.home)
        defer { home.stop() }
        let adder = services[0]
        _ = try adder.json("POST", "/", body: "value=1")  // leaves an open connection in its pool

        postgres.stop()
        for service in services {
            #expect(eventually { (try? service.send("GET", "/health"))?.status == 503 }, "\(service.name)")
            let health = try service.send("GET", "/health")
            #expect(health.body.hasPrefix("database unavailable: "), "\(health.body)")
            #expect(health.body.contains("Connection refused") || health.body.contains("connection"), "\(health.body)")
        }
        let refused = try adder.send("POST", "/", body: "value=2", accept: "application/json")
        #expect(refused.status == 503)
        #expect(refused.body.contains("database is unavailable"))
        #expect(try home.send("GET", "/health").status == 200, "home has no database")

        // Postgres back (restarted): the services reconnect without being restarted.
        try postgres.start()
        for service in services {
            #expect(eventually { (try? service.send("GET", "/health"))?.body == "ok\n" }, "\(service.name)")
        }
        #expect(try adder.integers("POST", "/", body: "value=2") == ["value": 2, "sum": 45])
        // A restart while a connection sits idle: the write is retried on a new connection
        // (the server ended the session, so nothing was applied), not failed and not doubled.
        postgres.stop()
        try postgres.start()
        #expect(try adder.integers("POST", "/", body: "value=3") == ["value": 3, "sum": 48])
        #expect(try postgres.psql("SELECT count(*) FROM app_values") == "6")

        for service in services {
            #expect(!service.log.contains(ThrowawayPostgres.password), "\(service.name)'s log shows the password")
        }
    }

    @Test func forwardedPrefixPrefixesLinksAndFormActions() throws {
        let postgres = try ThrowawayPostgres()
        defer { postgres.remove() }
        let adder = try DemoAppProcess(.adder, database: postgres)
        defer { adder.stop() }
        let reset = try DemoAppProcess(.reset, database: postgres)
        defer { reset.stop() }
        let display = try DemoAppProcess(.display, database: postgres)
        defer { display.stop() }

        let routed = try adder.send("GET", "/", headers: ["X-Forwarded-Prefix": "/adder"])
        #expect(routed.body.contains(#"<form method="post" action="/adder/add">"#))
        #expect(routed.body.contains(#"<a href="/">Home</a>"#), "through the router, home is /")
        let direct = try adder.send("GET", "/")
        #expect(direct.body.contains(#"<form method="post" action="/add">"#))
        #expect(!direct.body.contains("Home</a>"))
        #expect(try adder.send("POST", "/add", body: "value=4", headers: ["X-Forwarded-Prefix": "/adder"]).headers["location"]
            == "/adder/?added=4")
        #expect(try adder.send("POST", "/add", body: "value=4").headers["location"] == "/?added=4")
        // A prefix that is not a plain path is ignored: it can never point a link elsewhere.
        for bogus in ["//evil.example", "/a b", "adder", "/x\"onclick"] {
            let reply = try adder.send("POST", "/add", body: "value=1", headers: ["X-Forwarded-Prefix": bogus])
            #expect(reply.headers["location"] == "/?added=1", "\(bogus)")
        }

        #expect(try reset.send("GET", "/", headers: ["X-Forwarded-Prefix": "/reset"]).body
            .contains(#"<form method="post" action="/reset/">"#))
        #expect(try reset.send("POST", "/", headers: ["X-Forwarded-Prefix": "/reset"]).headers["location"] == "/reset/?deleted=9")
        #expect(try display.send("GET", "/", headers: ["X-Forwarded-Prefix": "/display"]).body.contains(#"<a href="/display/">"#))
    }

    @Test func homeLinksEveryServiceThroughTheRouter() throws {
        let home = try DemoAppProcess(.home, environment: ["ROUTER_URL": "http://127.0.0.1:8080/"])
        defer { home.stop() }
        let page = try home.send("GET", "/")
        #expect(page.status == 200)
        for name in ["adder", "display", "reset"] {
            #expect(page.body.contains(#"<a href="http://127.0.0.1:8080/\#(name)">"#), "\(name)")
        }
        let json = try home.json("GET", "/")
        #expect(json["services"] as? [String: String]
            == ["adder": "http://127.0.0.1:8080/adder", "display": "http://127.0.0.1:8080/display", "reset": "http://127.0.0.1:8080/reset"])
        #expect(try home.send("GET", "/health").body == "ok\n")
        let head = try home.send("HEAD", "/")
        #expect(head.status == 200 && head.body.isEmpty && head.headers["content-length"] == String(page.body.utf8.count))

        // Keep-alive: two requests on one HTTP/1.1 connection, answered in order.
        let raw = try HTTP.exchange(
            port: home.port,
            "GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(raw.components(separatedBy: "HTTP/1.1 ").map { $0.prefix(3) } == ["", "200", "404"], "\(raw)")

        let bare = try DemoAppProcess(.home)
        defer { bare.stop() }
        #expect(try bare.send("GET", "/").body.contains(#"<a href="/adder">"#), "without ROUTER_URL, links are paths")
    }

    @Test func sigtermStopsTheServiceCleanlyWithIdleConnectionsOpen() throws {
        let home = try DemoAppProcess(.home)
        defer { home.stop() }
        let idle = try HTTP.openConnection(port: home.port)  // a keep-alive client that never sends
        defer { close(idle) }
        #expect(home.terminate() == 0, "exit status 0 after SIGTERM")
        #expect(home.log.contains("stopped"))
    }

    @Test func usageErrorsExitTwoWithTheReason() throws {
        let cases: [([String], [String: String], String)] = [
            ([], ["PORT": "1"], "which service?"),
            (["mixer"], ["PORT": "1"], #"unknown service "mixer""#),
            (["adder"], [:], "PORT is not set"),
            (["adder"], ["PORT": "http"], "PORT must be a number"),
            (["adder"], ["PORT": "1"], "DATABASE_URL is not set"),
        ]
        for (arguments, environment, message) in cases {
            let result = try DemoAppProcess.run(arguments, environment: environment)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }
}

/// One `demo-app` service on a free port, its output in a log file.
final class DemoAppProcess {
    enum Service: String { case home, adder, display, reset }

    static var executable: String { CLI.productsDirectory + "/demo-app" }

    let name: String
    let port: Int
    private let process = Process()
    private let directory: String

    /// Starts `service` and waits until its `/health` answers 200.
    init(_ service: Service, database: ThrowawayPostgres? = nil, environment: [String: String] = [:]) throws {
        name = service.rawValue
        port = try FreePort.next()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("demo-app-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: directory + "/log", contents: nil)
        var variables = ProcessInfo.processInfo.environment.filter { !["DATABASE_URL", "ROUTER_URL", "HOST"].contains($0.key) }
        variables["PORT"] = String(port)
        variables["LOG_LEVEL"] = "debug"
        if let database { variables["DATABASE_URL"] = database.url }
        variables.merge(environment) { $1 }
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = [service.rawValue]
        process.environment = variables
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: directory + "/log")
        process.standardError = process.standardOutput
        try process.run()
        let healthy = eventually(within: 20) { (try? send("GET", "/health"))?.status == 200 }
        if !healthy {
            stop()
            throw Failure("demo-app \(name) did not become healthy on port \(port); its log:\n\(log)")
        }
    }

    var log: String { (try? String(contentsOfFile: directory + "/log", encoding: .utf8)) ?? "" }

    /// SIGTERM and the exit status, or nil when it was still running after 10 s.
    func terminate() -> Int32? {
        process.terminate()
        guard eventually(within: 10, { !process.isRunning }) else { return nil }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// SIGTERM, then SIGKILL if it is still there after 10 s; removes the log.
    func stop() {
        if process.isRunning {
            process.terminate()
            if !eventually(within: 10, { !process.isRunning }) { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    func send(
        _ method: String, _ path: String, body: String? = nil, contentType: String? = nil, accept: String? = nil,
        headers: [String: String] = [:]
    ) throws -> HTTP.Reply {
        var all = headers
        if let body {
            all["Content-Type"] = contentType ?? "application/x-www-form-urlencoded"
            all["Content-Length"] = String(body.utf8.count)
        }
        if let accept { all["Accept"] = accept }
        return try HTTP.request(port: port, method: method, path: path, headers: all, body: body ?? "")
    }

    /// The JSON object the service answers with `Accept: application/json`.
    func json(_ method: String, _ path: String, body: String? = nil, contentType: String? = nil) throws -> [String: Any] {
        let reply = try send(method, path, body: body, contentType: contentType, accept: "application/json")
        guard reply.headers["content-type"] == "application/json",
            let object = try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any]
        else { throw Failure("\(method) \(path) answered \(reply.status): \(reply.body)") }
        return object
    }

    /// `json(…)` when every value is an integer, for comparing whole answers.
    func integers(_ method: String, _ path: String, body: String? = nil, contentType: String? = nil) throws -> [String: Int] {
        let object = try json(method, path, body: body, contentType: contentType)
        let integers = object.compactMapValues { $0 as? Int }
        guard integers.count == object.count else { throw Failure("\(method) \(path): not all integers: \(object)") }
        return integers
    }

    /// Runs `demo-app arguments…` to its end: exit status and stderr.
    static func run(_ arguments: [String], environment: [String: String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// A Postgres cluster (the installed version) in a temporary directory, on a free loopback port, with database `app`
/// owned by role `app` (scram password over TCP, trust on the Unix socket) and the demo's schema
/// and seed rows. As root, the server runs as `postgres`.
final class ThrowawayPostgres {
    /// The installed server, found as devenv finds it (`pg_config --bindir`, the newest under
    /// `/usr/lib/postgresql`): any major version; none is a failure that says what to install.
    static let installation = Result { try PostgresInstallation.find(version: nil) }
    static var bin: String { (try? installation.get().binDirectory) ?? "" }
    static let password = "demo-app-test-secret"

    let port: Int
    let directory: String
    private var server: Process?

    var url: String { "postgresql://app:\(Self.password)@127.0.0.1:\(port)/app" }
    private var socketDirectory: String { directory + "/socket" }

    /// initdb, start, create the role, the database and the table, load seed/values.csv.
    init() throws {
        _ = try Self.installation.get()
        port = try FreePort.next()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("demo-pg-\(UUID().uuidString)").path
        for path in [directory, directory + "/data", socketDirectory] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        if getuid() == 0 {
            guard let user = getpwnam("postgres") else { throw Failure("running as root needs a postgres user") }
            for path in [directory, directory + "/data", socketDirectory] { chown(path, user.pointee.pw_uid, user.pointee.pw_gid) }
        }
        try Self.runToEnd(
            Self.asServerUser(["\(Self.bin)/initdb", "-D", directory + "/data", "-U", "postgres", "-E", "UTF8", "--no-sync",
                               "--auth-local=trust", "--auth-host=scram-sha-256"]))
        try start()
        _ = try psql("CREATE ROLE app LOGIN PASSWORD '\(Self.password)'", database: "postgres", user: "postgres")
        _ = try psql("CREATE DATABASE app OWNER app", database: "postgres", user: "postgres")
        let seed = Repository.root + "/seed"
        try Self.runToEnd(["\(Self.bin)/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", socketDirectory, "-p", String(port),
                           "-U", "app", "-d", "app", "-f", seed + "/schema.sql",
                           "-c", "\\copy app_values (value, source, created_at) FROM '\(seed)/values.csv' WITH (FORMAT csv, HEADER true)"])
    }

    /// Starts the server and waits until it accepts connections.
    func start() throws {
        let process = Process()
        let command = Self.asServerUser([
            "\(Self.bin)/postgres", "-D", directory + "/data", "-k", socketDirectory, "-h", "127.0.0.1", "-p", String(port),
            "-c", "fsync=off",
        ])
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        server = process
        let ready = eventually(within: 20) {
            (try? Self.runToEnd(["\(Self.bin)/pg_isready", "-q", "-h", socketDirectory, "-p", String(port)])) != nil
        }
        guard ready else { throw Failure("postgres did not start on port \(port)") }
    }

    /// SIGINT (fast shutdown: open sessions are ended) and waits for the server to exit.
    func stop() {
        guard let server, server.isRunning else { return }
        kill(server.processIdentifier, SIGINT)  // setpriv execs postgres: this is the postmaster
        if !eventually(within: 15, { !server.isRunning }) { kill(server.processIdentifier, SIGKILL) }
        server.waitUntilExit()
        self.server = nil
    }

    /// Stops the server and deletes the cluster.
    func remove() {
        stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// One statement's result, unaligned (`-At`), over the Unix socket.
    func psql(_ sql: String, database: String = "app", user: String = "app") throws -> String {
        try Self.runToEnd(["\(Self.bin)/psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", socketDirectory, "-p", String(port),
                           "-U", user, "-d", database, "-c", sql])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `argv` as the unprivileged `postgres` user when running as root (setpriv execs, no fork).
    private static func asServerUser(_ argv: [String]) -> [String] {
        getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=postgres", "--regid=postgres", "--clear-groups", "--"] + argv : argv
    }

    /// Runs `argv` to its end; its stdout, or a failure with its output when it exits non-zero.
    @discardableResult
    private static func runToEnd(_ argv: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst())
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("demo-pg-out-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: output) }
        _ = FileManager.default.createFile(atPath: output + ".err", contents: nil)
        defer { try? FileManager.default.removeItem(atPath: output + ".err") }
        process.standardOutput = FileHandle(forWritingAtPath: output)
        process.standardError = FileHandle(forWritingAtPath: output + ".err")
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let stdout = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            let stderr = (try? String(contentsOfFile: output + ".err", encoding: .utf8)) ?? ""
            throw Failure("\(argv.joined(separator: " ")) exited \(process.terminationStatus): \(stdout)\(stderr)")
        }
        return stdout
    }
}

struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

enum FreePort {
    /// A loopback port nothing listens on right now (the kernel's pick for port 0).
    static func next() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

extension HTTP {
    /// A parsed response: status, headers (lower-cased names) and body.
    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    /// One HTTP/1.0 request with `headers` and `body` on 127.0.0.1:port; the server closes after it.
    static func request(port: Int, method: String, path: String, headers: [String: String] = [:], body: String = "") throws -> Reply {
        var request = "\(method) \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { request += "\(name): \(value)\r\n" }
        let raw = try exchange(port: port, request + "\r\n" + body)
        guard let split = raw.range(of: "\r\n\r\n") else { throw Failure("no response head in \(raw)") }
        let lines = raw[..<split.lowerBound].components(separatedBy: "\r\n")
        let status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Reply(status: status, headers: fields, body: String(raw[split.upperBound...]))
    }

    /// Writes `request` as it is and reads until the server closes the connection.
    static func exchange(port: Int, _ request: String) throws -> String {
        let fd = try openConnection(port: port)
        defer { close(fd) }
        var bytes = Array(request.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written <= 0 { break }  // the server may answer (413) and stop reading early
            bytes = bytes.dropFirst(written)
        }
        var response = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { break }
            response += buffer[0..<count]
        }
        return String(decoding: response, as: UTF8.self)
    }

    /// A connected socket to 127.0.0.1:port (reads time out after 10 s); the caller closes it.
    static func openConnection(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw POSIXError(.ECONNREFUSED)
        }
        return fd
    }
}
