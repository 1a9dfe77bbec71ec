import ArgumentParser
import Foundation
import Manifest

/// `-e/--env` and `-C`, taken by every command.
struct GlobalOptions: ParsableArguments {
    @Option(name: [.short, .customLong("env")], help: "The environment (default: $DEVENV_ENV, else dev).")
    var environment: String?

    @Option(name: .customShort("C"), help: ArgumentHelp("Run as if started in DIR: the project root is found from there.", valueName: "DIR"))
    var directory: String?

    /// The environment named by a positional argument, else `-e`, else `$DEVENV_ENV`, else `dev`.
    func environmentName(positional: String? = nil) -> String {
        positional ?? environment ?? ProcessInfo.processInfo.environment["DEVENV_ENV"].flatMap { $0.isEmpty ? nil : $0 } ?? "dev"
    }

    func project() throws -> Project {
        let start = directory ?? FileManager.default.currentDirectoryPath
        do {
            return try Project.discover(from: start)
        } catch {
            throw CLIError(error.message)
        }
    }
}

/// `[ENV]`, the optional positional environment of the lifecycle commands.
struct EnvironmentArgument: ParsableArguments {
    @Argument(help: "The environment (overrides -e).")
    var name: String?
}
