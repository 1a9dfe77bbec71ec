import ArgumentParser

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply pending seed files; --reset restores the freshly seeded databases."
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var environment: EnvironmentArgument

    @Flag(help: "Recreate the databases in their seeded state.")
    var reset = false

    func run() async throws {
        try NotYetAvailable.fail("seed")
    }
}
