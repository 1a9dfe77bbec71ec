import ArgumentParser
import Manifest

struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Parse, merge, interpolate and check a manifest; print the result.",
        discussion: """
            Prints the resolved manifest as YAML: the extends chain merged, ${NAME} substituted, defaults \
            written out, run-time references such as ${postgres.port} kept as they are, passwords masked. \
            On error prints every problem as file:line:column: message and exits 1.
            """
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var environment: EnvironmentArgument

    func run() async throws {
        try await Output.run {
            let project = try options.project()
            let name = options.environmentName(positional: environment.name)
            do {
                let loaded = try ManifestLoader(project: project).load(name)
                print(ManifestPrinter.yaml(loaded), terminator: "")
            } catch let error as ManifestError {
                Output.error(error.description)
                let count = error.diagnostics.count
                throw CLIError("\(name): \(count) problem\(count == 1 ? "" : "s") found", exitCode: 1)
            }
        }
    }
}
