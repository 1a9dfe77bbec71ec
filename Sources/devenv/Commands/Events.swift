import ArgumentParser
import Engine
import Foundation
import State

struct Events: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "events", abstract: "Show an environment's history.")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var environment: EnvironmentArgument

    @Option(help: "Show the last N events.")
    var tail: Int?

    @Flag(help: "Print a JSON array.")
    var json = false

    func run() async throws {
        try await Output.run {
            let name = options.environmentName(positional: environment.name)
            let events = try Workspace(project: try options.project()).events(of: name, limit: tail)
            if json {
                print(try JSONText.encode(events))
                return
            }
            for event in events {
                let service = event.service.map { " \($0)" } ?? ""
                print("\(JSONText.timestamp(event.time)) \(event.kind)\(service): \(event.message)")
            }
        }
    }
}
