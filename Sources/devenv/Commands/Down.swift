import ArgumentParser
import Engine

struct Down: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down",
        abstract: "Stop everything of an environment, in reverse dependency order.",
        discussion: "Keeps data (Postgres included), logs and state unless --purge."
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var environment: EnvironmentArgument

    @Flag(help: "Also delete the environment's data (Postgres included), logs and state.")
    var purge = false

    func run() async throws {
        try await Output.run {
            let name = options.environmentName(positional: environment.name)
            try await Engine(project: try options.project()).down(name, purge: purge)
            print(purge ? "\(name): stopped and purged" : "\(name): stopped")
        }
    }
}
