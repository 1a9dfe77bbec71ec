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
            let url = try Engine(project: try options.project()).databaseURL(options.environmentName(), database: database)
            let arguments = ["psql", url] + psqlArguments
            let argv = arguments.map { strdup($0) } + [nil]
            execvp("psql", argv)
            throw CLIError("cannot run psql: \(String(cString: strerror(errno))); install it: apt-get install postgresql-client")
        }
    }
}
