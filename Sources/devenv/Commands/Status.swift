import ArgumentParser

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show one environment, live: state, router, Postgres, every replica."
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var environment: EnvironmentArgument

    @Flag(help: "Print one JSON object (the documented status shape).")
    var json = false

    func run() async throws {
        try NotYetAvailable.fail("status")
    }
}
