import ArgumentParser
import Engine

struct Restart: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restart", abstract: "Restart services (default: every one); --rolling drops no request.",
        discussion: """
            With --rolling, each replica is replaced in turn: a replacement starts on its own port, \
            joins the router once healthy, then the old replica leaves the router, finishes its \
            requests and stops. A replacement that never gets healthy stops the rollout with the old \
            replicas still serving. Jobs, and services on a fixed port or whose port others use \
            directly, are restarted in place (the output says so).
            """)

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The services to restart (default: all).")
    var services: [String] = []

    @Flag(help: "One replica at a time, waiting for health, so no request is dropped.")
    var rolling = false

    func run() async throws {
        try await Output.run {
            let name = options.environmentName()
            let lines = try Engine(project: try options.project()).restart(name, services: services, rolling: rolling)
            for line in lines { print("\(name): \(line)") }
        }
    }
}
