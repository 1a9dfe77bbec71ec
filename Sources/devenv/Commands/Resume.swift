import ArgumentParser

struct Resume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Thaw a paused environment (or wake a sleeping one); returns when all is healthy again."
    )

    @OptionGroup var back: BringBack

    func run() async throws {
        try await back.run(verb: "resume")
    }
}
