import ArgumentParser

struct Logs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show services' logs, interleaved by time."
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "Services to show (default: all; 'router' for the access log).")
    var services: [String] = []

    @Flag(name: .shortAndLong, help: "Keep following new lines.")
    var follow = false

    @Option(help: "Show the last N lines of each log.")
    var tail: Int?

    func run() async throws {
        try NotYetAvailable.fail("logs")
    }
}
