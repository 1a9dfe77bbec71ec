import ArgumentParser
import Engine
import Foundation
import Manifest

/// What `resume` and `wake` share: each brings back a paused or sleeping environment and
/// returns when all is healthy again.
struct BringBack: ParsableArguments {
    @OptionGroup var options: GlobalOptions
    @OptionGroup var environment: EnvironmentArgument

    @Option(help: "How long to wait for every service to be healthy again, e.g. 30s.")
    var timeout: String = "60s"

    func validate() throws {
        if case .failure(let problem) = DurationText.parse(timeout) {
            throw ValidationError("--timeout: \(problem.message)")
        }
    }

    func run(verb: String) async throws {
        try await Output.run {
            let name = options.environmentName(positional: environment.name)
            let limit = (try? DurationText.parse(timeout).get()) ?? .seconds(60)
            do {
                let snapshot = try Engine(project: try options.project()).bringBack(
                    name, verb: verb, variables: ProcessInfo.processInfo.environment, timeout: limit) { _ in }
                print(StatusText.summary(snapshot))
            } catch let error as UpFailure {
                throw CLIError(error.description)
            }
        }
    }
}
