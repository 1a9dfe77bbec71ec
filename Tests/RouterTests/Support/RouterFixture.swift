import Foundation
import Logging
import NIOCore
import NIOPosix

@testable import Router

/// A live router on an ephemeral loopback port, with its access log in a fresh directory.
struct RouterFixture {
    let router: Router
    let port: Int
    let logPath: String

    static func start(
        routes: [RouteRule],
        backends: [String: [TestBackend]] = [:],
        timeouts: RouterTimeouts = .init(),
        limits: RouterLimits = .init()
    ) async throws -> RouterFixture {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("devenv-router-\(UUID().uuidString)")
        let logPath = directory.appendingPathComponent("logs/router.access.log").path
        let configuration = RouterConfiguration(
            port: 0, routes: routes, accessLogPath: logPath, timeouts: timeouts, limits: limits
        )
        let router = Router(configuration: configuration, logger: Logger(label: "router-test"))
        for (service, members) in backends { router.setBackends(service: service, members.map(\.backend)) }
        let port = try await router.start()
        return RouterFixture(router: router, port: port, logPath: logPath)
    }

    func shutdown() async {
        try? await router.shutdown()
        // The fixture's whole directory (<dir>/logs/router.access.log), not only its logs.
        let directory = ((logPath as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// One request on a new connection.
    func request(
        _ method: String = "GET", _ target: String, headers: [String] = [], body: String? = nil
    ) async throws -> TestResponse {
        let client = try await RawClient.connect(port: port)
        defer { Task { await client.close() } }
        var text = "\(method) \(target) HTTP/1.1\r\nHost: localhost:\(port)\r\n"
        for header in headers { text += header + "\r\n" }
        if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + (body ?? "")
        try await client.send(text)
        return try await client.response(toHEAD: method == "HEAD")
    }

    /// The access log's lines, each parsed; everything logged so far is written first.
    func accessLog() async throws -> [[String: Any]] {
        await router.flushAccessLog()
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { line in
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
        }
    }

    /// The raw access log text.
    func accessLogText() async -> String {
        await router.flushAccessLog()
        return (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }
}

/// Starts `count` backends named `service.0`, `service.1`, …
func startBackends(_ service: String, count: Int) async throws -> [TestBackend] {
    var backends: [TestBackend] = []
    for index in 0..<count { backends.append(try await TestBackend.start(name: "\(service).\(index)")) }
    return backends
}

func stopAll(_ backends: [TestBackend]) async {
    for backend in backends { await backend.stop() }
}
