import ArgumentParser
import Engine
import Foundation

#if canImport(Glibc)
import Glibc
#endif

struct Psql: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "psql",
        abstract: "Open psql on one of the environment's databases, connected as its owner."
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The database (default: the first one).")
    var database: String?

    @Argument(parsing: .postTerminator, help: "Arguments for psql, after --.")
    var psqlArguments: [String] = []

    func run() async throws {
        try await Output.run {
            let command = try Engine(project: try options.project())
                .psqlCommand(options.environmentName(), database: database, arguments: psqlArguments)
            for (key, value) in command.environment { setenv(key, value, 1) }
            let argv = command.argv.map { strdup($0) } + [nil]
            execvp("psql", argv)
            throw CLIError("cannot run psql: \(String(cString: strerror(errno))); install it: apt-get install postgresql-client")
        }
    }
}
