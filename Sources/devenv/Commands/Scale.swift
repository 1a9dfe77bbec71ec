import ArgumentParser

struct Scale: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale",
        abstract: "Change a service's number of replicas, live."
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "SERVICE=N, e.g. adder=3.")
    var assignment: String

    func run() async throws {
        try NotYetAvailable.fail("scale")
    }
}
