import ArgumentParser
import Engine

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show one environment, live: state, router, Postgres, every replica."
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var environment: EnvironmentArgument

    @Flag(help: "Print one JSON object (the documented status shape).")
    var json = false

    func run() async throws {
        try await Output.run {
            let name = options.environmentName(positional: environment.name)
            let snapshot = try Engine(project: try options.project()).status(name)
            print(json ? try JSONText.encode(snapshot, sorted: false) : StatusText.table(snapshot), terminator: json ? "\n" : "")
        }
    }
}
