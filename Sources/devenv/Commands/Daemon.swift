import ArgumentParser
import Engine
import Foundation
import Manifest

/// The hidden command `devenv up` starts detached: the environment's supervisor daemon.
struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Run an environment's supervisor daemon in the foreground (started by devenv up).",
        shouldDisplay: false
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var environment: EnvironmentArgument
    @Flag(name: .customLong("up"), help: "Bring the environment up from its manifest at once, as `POST /up` would.")
    var converge = false

    func run() async throws {
        let project = try options.project()
        let code = try await Daemon.run(project: project, environment: options.environmentName(positional: environment.name),
                                        convergeAtStart: converge)
        if code != 0 { throw ExitCode(code) }
    }
}
