import ArgumentParser
import Engine

struct URL: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "url",
        abstract: "Print a database's connection URL (owner role), for other tools."
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The database (default: the first one).")
    var database: String?

    func run() async throws {
        try await Output.run {
            print(try Engine(project: try options.project()).databaseURL(options.environmentName(), database: database))
        }
    }
}
