import ArgumentParser

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the environment as Kubernetes manifests or a compose file."
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "k8s or compose.")
    var format: String

    @Argument(help: "The environment (overrides -e).")
    var name: String?

    @Option(name: .short, help: ArgumentHelp("The output directory.", valueName: "DIR"))
    var output: String

    func run() async throws {
        try NotYetAvailable.fail("export")
    }
}
