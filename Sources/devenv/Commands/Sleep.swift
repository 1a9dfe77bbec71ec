import ArgumentParser
import Engine

struct Sleep: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sleep",
        abstract: "End an environment's services and Postgres, keeping their data, its router and schedule."
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var environment: EnvironmentArgument

    func run() async throws {
        try await Output.run {
            let name = options.environmentName(positional: environment.name)
            print(StatusText.summary(try Engine(project: try options.project()).sleep(name)))
        }
    }
}
