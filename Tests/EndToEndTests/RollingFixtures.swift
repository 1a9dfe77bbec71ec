import Foundation

/// What the live-scale and rolling-restart tests run: a threaded keep-alive server with a slow
/// path, and a bounded request loop through the router that counts every failure.
enum Rolling {
    /// Answers `VERSION service.replica` (`/slow` after 0.8 s: longer than a replacement takes to
    /// start); `/health` fails where `SICK` is set. Dies at once on SIGTERM, as many servers do:
    /// only a drain keeps its requests in flight from failing.
    static let server = """
        import http.server, os, time
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def do_GET(self):
                if self.path == "/slow":
                    time.sleep(0.8)
                sick = self.path == "/health" and os.environ.get("SICK")
                body = (os.environ.get("VERSION", "1") + " " + os.environ["DEVENV_SERVICE"] + "."
                        + os.environ["DEVENV_REPLICA"] + "\\n").encode()
                self.send_response(503 if sick else 200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args):
                pass
        http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
        """

    /// `python3 load.py PORT STOPFILE OUT`: three keep-alive clients, two on fresh connections,
    /// three asking `/slow`, until STOPFILE appears (90 s at most); writes `ok failed` and up to 20
    /// failures to OUT.
    static let load = """
        import http.client, os, sys, threading, time
        port, stop, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
        lock = threading.Lock()
        counts = {"ok": 0, "failed": 0, "slow": 0}
        failures = []
        def one(conn, path):
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            if response.status != 200:
                raise Exception("%d %s" % (response.status, body[:200]))
        def client(keepalive, path):
            deadline = time.time() + 90
            conn = None
            while not os.path.exists(stop) and time.time() < deadline:
                try:
                    if conn is None:
                        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    one(conn, path)
                    with lock:
                        counts["ok"] += 1
                        if path.endswith("slow"): counts["slow"] += 1
                    if not keepalive:
                        conn.close(); conn = None
                except Exception as error:
                    with lock:
                        counts["failed"] += 1
                        if len(failures) < 20: failures.append("%s %s: %r" % (time.strftime("%H:%M:%S"), path, error))
                    if conn is not None: conn.close()
                    conn = None
                time.sleep(0.005)
        threads = [threading.Thread(target=client, args=(True, "/web/")) for _ in range(3)]
        threads += [threading.Thread(target=client, args=(False, "/web/")) for _ in range(2)]
        threads += [threading.Thread(target=client, args=(True, "/web/slow")) for _ in range(3)]
        for thread in threads: thread.start()
        for thread in threads: thread.join()
        with open(out, "w") as f:
            f.write("%d %d %d\\n" % (counts["ok"], counts["failed"], counts["slow"]))
            f.write("\\n".join(failures))
        """

    static func manifest(replicas: Int = 2, env: String = "{ VERSION: \"1\" }") -> String {
        """
        router:
          port: auto
          routes:
            - { path: /web, service: web, strip_prefix: true }
        services:
          web:
            command: "exec python3 server.py"
            port: auto
            replicas: \(replicas)
            env: \(env)
            health: { http: /health, interval: 200ms, retries: 2 }
            stop_timeout: 5s
        """
    }

    /// The request loop, running until `stop()`.
    final class Load {
        let process = Process()
        let root: String

        init(root: String, port: Int) throws {
            self.root = root
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", root + "/load.py", String(port), root + "/load.stop", root + "/load.out"]
            process.currentDirectoryURL = URL(fileURLWithPath: root)
            try process.run()
        }

        /// Stops the loop. - Returns: requests answered 200, failed (with the first failures), slow ones answered.
        func stop() throws -> (ok: Int, failed: Int, slow: Int, failures: String) {
            FileManager.default.createFile(atPath: root + "/load.stop", contents: nil)
            process.waitUntilExit()
            let text = try String(contentsOfFile: root + "/load.out", encoding: .utf8)
            let lines = text.split(separator: "\n", maxSplits: 1).map(String.init)
            let numbers = (lines.first ?? "").split(separator: " ").compactMap { Int($0) }
            return (numbers[safe: 0] ?? 0, numbers[safe: 1] ?? -1, numbers[safe: 2] ?? 0, lines.count > 1 ? lines[1] : "")
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
