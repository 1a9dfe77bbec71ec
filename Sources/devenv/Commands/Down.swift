import ArgumentParser

struct Down: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stop everything of an environment, in reverse dependency order."
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var environment: EnvironmentArgument

    @Flag(help: "Also delete the environment's data (Postgres included), logs and state.")
    var purge = false

    func run() async throws {
        try NotYetAvailable.fail("down")
    }
}
