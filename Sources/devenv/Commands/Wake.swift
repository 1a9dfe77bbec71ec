import ArgumentParser

struct Wake: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wake",
        abstract: "Start a sleeping environment's services and Postgres again (or thaw a paused one); returns when all is healthy."
    )

    @OptionGroup var back: BringBack

    func run() async throws {
        try await back.run(verb: "wake")
    }
}
