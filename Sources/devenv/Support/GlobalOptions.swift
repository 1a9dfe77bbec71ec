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

extension GlobalOptions {
    /// `arguments` (the whole argv, the program first) with the global options written before
    /// the subcommand moved after it, where ArgumentParser reads them: `devenv -C ~/shop -e
    /// staging up` as git, make and kubectl users type it is `devenv up -C ~/shop -e staging`.
    /// Only `-C`, `-e` and `--env` are moved, with their values (`-e NAME`, `--env=NAME`,
    /// `-CDIR`); anything else before the subcommand is left for ArgumentParser to judge.
    static func hoisted(_ arguments: [String]) -> [String] {
        guard let program = arguments.first else { return arguments }
        var global: [String] = []
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            if ["-C", "-e", "--env"].contains(argument), index + 1 < arguments.count {
                global += [argument, arguments[index + 1]]
                index += 2
            } else if argument.hasPrefix("--env=") || (argument.hasPrefix("-C") && argument.count > 2)
                        || (argument.hasPrefix("-e") && argument.count > 2 && !argument.hasPrefix("--")) {
                global.append(argument)
                index += 1
            } else {
                break
            }
        }
        guard !global.isEmpty, index < arguments.count, !arguments[index].hasPrefix("-") else { return arguments }
        return [program, arguments[index]] + global + arguments[(index + 1)...]
    }
}

/// `[ENV]`, the optional positional environment of the lifecycle commands.
struct EnvironmentArgument: ParsableArguments {
    @Argument(help: "The environment (overrides -e).")
    var name: String?
}
