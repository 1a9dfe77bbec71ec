import ArgumentParser
import Dispatch
import Foundation
import Logging
import Router

/// Runs the router alone, from a JSON file: what `bench/router/run.sh` measures against nginx.
struct RouterBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "router-bench",
        abstract: "Run the router alone from a JSON file (for benchmarks).",
        shouldDisplay: false
    )

    @Option(help: "The JSON file: host, port, accessLog, routes, backends.")
    var config: String

    struct File: Decodable {
        struct Route: Decodable {
            var path: String
            var service: String
            var stripPrefix: Bool?
            var user: String?
            var password: String?
        }

        struct Member: Decodable {
            var host: String?
            var port: Int
            var name: String
        }

        var host: String?
        var port: Int
        var accessLog: String?
        var routes: [Route]
        var backends: [String: [Member]]
    }

    func run() async throws {
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: Foundation.URL(fileURLWithPath: config)))
        let routes = file.routes.map { route in
            RouteRule(path: route.path, service: route.service, stripPrefix: route.stripPrefix ?? false,
                      basicAuth: route.user.map { BasicAuthCredentials(user: $0, password: route.password ?? "") })
        }
        let host = file.host ?? "127.0.0.1"
        let router = Router(configuration: RouterConfiguration(host: host, port: file.port, routes: routes, accessLogPath: file.accessLog),
                            logger: Logger(label: "devenv.router-bench"))
        for (service, members) in file.backends {
            router.setBackends(service: service, members.map { Backend(host: $0.host ?? "127.0.0.1", port: $0.port, name: $0.name) })
        }
        let port = try await router.start()
        print("router-bench listening on \(host):\(port)")
        fflush(nil)
        await TerminationSignal.wait()
        try await router.shutdown()
    }
}

/// Waits for SIGINT or SIGTERM.
private final class TerminationSignal: @unchecked Sendable {
    private let queue = DispatchQueue(label: "devenv.router-bench.signals")
    private var sources: [any DispatchSourceSignal] = []
    private var continuation: CheckedContinuation<Void, Never>?

    static func wait() async {
        let waiter = TerminationSignal()
        await withCheckedContinuation { continuation in
            waiter.queue.sync {
                waiter.continuation = continuation
                for number in [SIGINT, SIGTERM] {
                    signal(number, SIG_IGN)
                    let source = DispatchSource.makeSignalSource(signal: number, queue: waiter.queue)
                    source.setEventHandler { waiter.fire() }
                    source.resume()
                    waiter.sources.append(source)
                }
            }
        }
    }

    private func fire() {
        for source in sources { source.cancel() }
        continuation?.resume()
        continuation = nil
    }
}
