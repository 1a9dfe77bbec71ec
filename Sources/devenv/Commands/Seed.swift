import ArgumentParser
import Engine
import Foundation

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Apply pending seed files; --reset restores the freshly seeded databases.",
        discussion: """
            Each seed file is applied exactly once per database. A seed file changed after it was \
            applied is an error: `devenv seed --reset` restores the seeded snapshot (fast) and applies \
            what is pending.
            """
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var environment: EnvironmentArgument

    @Flag(help: "Recreate the databases in their seeded state.")
    var reset = false

    func run() async throws {
        try await Output.run {
            let name = options.environmentName(positional: environment.name)
            for line in try Engine(project: try options.project()).seed(name, reset: reset, variables: ProcessInfo.processInfo.environment) { print(line) }
        }
    }
}
