import ArgumentParser

struct Up: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start an environment, or converge a running one to its manifest; returns when all is healthy."
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var environment: EnvironmentArgument

    @Flag(help: "Stay in the foreground streaming logs; Ctrl-C brings the environment down.")
    var attach = false

    @Option(help: "How long to wait for every service to be healthy, e.g. 60s or 2m.")
    var timeout: String = "60s"

    func run() async throws {
        try NotYetAvailable.fail("up")
    }
}
