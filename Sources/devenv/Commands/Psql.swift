import ArgumentParser

struct Psql: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open psql on one of the environment's databases."
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The database (default: the first one).")
    var database: String?

    func run() async throws {
        try NotYetAvailable.fail("psql")
    }
}
