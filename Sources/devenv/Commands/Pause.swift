import ArgumentParser
import Engine

struct Pause: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Freeze every process of an environment (zero CPU, memory kept; resume is instant)."
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var environment: EnvironmentArgument

    func run() async throws {
        try await Output.run {
            let name = options.environmentName(positional: environment.name)
            print(StatusText.summary(try Engine(project: try options.project()).pause(name)))
        }
    }
}
