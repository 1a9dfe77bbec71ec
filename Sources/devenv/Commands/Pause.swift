import ArgumentParser

struct Pause: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Freeze every process of an environment (zero CPU; resume is instant)."
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var environment: EnvironmentArgument

    func run() async throws {
        try NotYetAvailable.fail("pause")
    }
}
