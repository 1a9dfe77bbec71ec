import Foundation
import Testing

/// Tiny programs the supervisor tests run as services.
enum Fixtures {
    /// An HTTP server on $PORT answering /health with 200, or 503 while a file `<service>.sick` exists.
    static let server = """
        import http.server, os, sys
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                sick = os.path.exists(os.environ.get("DEVENV_SERVICE", "") + ".sick")
                status = (503 if sick else 200) if self.path == "/health" else 200
                body = (os.environ.get("DEVENV_SERVICE", "?") + "." + os.environ.get("DEVENV_REPLICA", "?") + "\\n").encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args):
                pass
        print("listening on", os.environ["PORT"], flush=True)
        http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
        """

    /// A manifest: Postgres with database `app` seeded from `seed/schema.sql`, and `web` (the
    /// server script) reading its URL, behind the router at `/web`.
    static func databaseStack(replicas: Int = 1, health: String = "interval: 200ms", extra: String = "") -> String {
        """
        postgres:
          port: auto
          databases:
            app:
              seed:
                - seed/schema.sql
        router:
          port: auto
          routes:
            - { path: /web, service: web, strip_prefix: true }
        services:
          web:
            command: "exec python3 server.py"
            port: auto
            replicas: \(replicas)
            env: { DATABASE_URL: "${postgres.databases.app.url}" }
            health: { http: /health, \(health) }
        \(extra.isEmpty ? "" : "    " + extra)
        """
    }

    /// A sandbox project with the server script and the given manifests.
    static func project(_ manifests: [String: String]) throws -> Sandbox {
        var files = ["server.py": server]
        for (name, text) in manifests { files["environments/\(name).yaml"] = text }
        return try Sandbox(files)
    }
}

/// Processes whose working directory lies inside `root`: what an environment left running.
enum Processes {
    static func running(under root: String) -> [Int32] {
        let resolvedRoot = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let cwd = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd") else { return false }
            guard cwd.hasPrefix(resolvedRoot) else { return false }
            // Zombies have exited; the machine's init reaps them in its own time.
            let status = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            return !(status.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") ?? true)
        }
    }

    /// `pid`'s command line, its arguments joined by spaces ("" when it is gone).
    static func commandLine(of pid: Int32) -> String {
        let data = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
        return String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
    }

    /// `pid`'s parent, from `/proc/<pid>/stat`.
    static func parent(of pid: Int32) -> Int32? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let fields = stat.split(separator: ")").last?.split(separator: " "), fields.count > 1 else { return nil }
        return Int32(fields[1])
    }

    /// `pid`'s state letter from `/proc/<pid>/stat` (`T`: stopped), "" when it is gone.
    static func state(of pid: Int32) -> String {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return "" }
        return String(stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).prefix(1) ?? "")
    }

    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        return !(stat.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("Z") ?? true)
    }
}

/// Waits for a condition with a deadline, checking every 20 ms: never a fixed sleep.
func eventually(within seconds: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(20_000)
    }
    return try condition()
}

extension Sandbox {
    /// `devenv status --json`, decoded.
    func status(_ environment: String = "dev") throws -> [String: Any] {
        let result = try run("status", environment, "--json")
        return (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]) ?? [:]
    }

    func replicas(_ service: String, _ environment: String = "dev") throws -> [[String: Any]] {
        let services = try status(environment)["services"] as? [[String: Any]] ?? []
        return services.first { $0["name"] as? String == service }?["replicas"] as? [[String: Any]] ?? []
    }

    func pids(_ service: String, _ environment: String = "dev") throws -> [Int32] {
        try replicas(service, environment).compactMap { ($0["pid"] as? NSNumber)?.int32Value }
    }

    func events(_ environment: String = "dev") throws -> [[String: Any]] {
        let result = try run("events", environment, "--json")
        return (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]) ?? []
    }

    /// Brings the environment down and checks nothing of it is left running.
    func tearDown(_ environment: String = "dev") {
        _ = try? run("down", environment)
        let clean = eventually(within: 15) { Processes.running(under: root).isEmpty }
        #expect(clean, "processes left under \(root): \(Processes.running(under: root))")
        remove()
    }
}

/// A minimal HTTP/1.0 client for loopback checks (Foundation on Linux has no URL loading here).
enum HTTP {
    /// The whole raw response of `GET path` on 127.0.0.1:port.
    static func get(port: Int, path: String, accept: String? = nil) throws -> String {
        let headers = accept.map { "Accept: \($0)\r\n" } ?? ""
        return try exchange(port: port, request: "GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\n\(headers)\r\n")
    }

    /// The whole raw response of a JSON `POST`.
    static func post(port: Int, path: String, json: String, authorization: String? = nil) throws -> String {
        let auth = authorization.map { "Authorization: \($0)\r\n" } ?? ""
        return try exchange(port: port, request: "POST \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
            + "Content-Type: application/json\r\n\(auth)Content-Length: \(json.utf8.count)\r\n\r\n\(json)")
    }

    /// Sends `text` and reads the answer to the end, through the raw client DemoAppTests defines.
    private static func exchange(port: Int, request text: String) throws -> String {
        try exchange(port: port, text)
    }
}

/// psql, as a test asks Postgres something.
enum SQL {
    /// Runs SQL with psql on `url` (the password through the environment, not the command line).
    static func run(_ url: String, _ sql: String) throws -> String {
        var parts = URLComponents(string: url)!
        let password = parts.password ?? ""
        parts.password = nil
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [parts.string!, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql]
        process.environment = ["PGPASSWORD": password, "PATH": "/usr/bin:/bin"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
