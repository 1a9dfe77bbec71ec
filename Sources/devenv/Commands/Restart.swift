import ArgumentParser
import Engine

struct Restart: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restart", abstract: "Restart one service, or every service.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The service to restart (default: all).")
    var service: String?

    @Flag(help: "One replica at a time, waiting for health, so no request is dropped.")
    var rolling = false

    func run() async throws {
        if rolling { try NotYetAvailable.fail("restart --rolling") }
        try await Output.run {
            let name = options.environmentName()
            try Engine(project: try options.project()).restart(name, service: service)
            print("\(name): restarted \(service ?? "every service")")
        }
    }
}
