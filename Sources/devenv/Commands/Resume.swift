import ArgumentParser

struct Resume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Thaw a paused environment."
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var environment: EnvironmentArgument

    func run() async throws {
        try NotYetAvailable.fail("resume")
    }
}
