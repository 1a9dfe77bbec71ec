import ArgumentParser
import Engine
import Foundation
import Manifest

struct Up: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start an environment, or converge a running one to its manifest; returns when all is healthy.",
        discussion: """
            Starts the environment's daemon if none runs, which starts every service in dependency \
            order. Re-running up on a running environment restarts only what changed in its manifest. \
            On failure, names the failing service, its exit status and its last log lines, and exits 1.
            """
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var environment: EnvironmentArgument

    @Flag(help: "Stay in the foreground streaming logs; Ctrl-C brings the environment down.")
    var attach = false

    @Option(help: "How long to wait for every service to be healthy, e.g. 60s or 2m.")
    var timeout: String = "60s"

    func validate() throws {
        if case .failure(let problem) = DurationText.parse(timeout) {
            throw ValidationError("--timeout: \(problem.message)")
        }
    }

    func run() async throws {
        try await Output.run {
            let project = try options.project()
            let name = options.environmentName(positional: environment.name)
            let limit = (try? DurationText.parse(timeout).get()) ?? .seconds(60)
            let display = ProgressDisplay(interactive: isatty(1) == 1)
            do {
                let snapshot = try await Engine(project: project).up(
                    name, variables: ProcessInfo.processInfo.environment, timeout: limit,
                    notice: { print("\(name): \($0)") }) { display.show($0) }
                display.finish(snapshot)
                print(StatusText.summary(snapshot))
            } catch let error as ManifestError {
                Output.error(error.description)
                throw CLIError("\(name): the manifest has \(error.diagnostics.count) problem(s); nothing was changed")
            } catch let error as UpFailure {
                display.abandon()
                throw CLIError(error.description)
            }
            if attach {
                try await Attach(project: project, environment: name).run()
            }
        }
    }
}
