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

    /// The exit code of the daemon when `arguments` are exactly the command line `devenv up`
    /// starts it with (`devenv daemon NAME -C ROOT [--up]`), run without building the whole
    /// command tree (its reflection costs milliseconds on the way to the first child); nil
    /// otherwise.
    static func runIfLaunched(_ arguments: [String]) async -> Int32? {
        guard arguments.count == 5 || (arguments.count == 6 && arguments[5] == "--up"),
              arguments[1] == "daemon", arguments[3] == "-C",
              !arguments[2].isEmpty, !arguments[2].hasPrefix("-") else { return nil }
        do {
            return try await Daemon.run(project: try Project.discover(from: arguments[4]), environment: arguments[2],
                                        convergeAtStart: arguments.count == 6)
        } catch {
            FileHandle.standardError.write(Data("devenv daemon: \(ErrorText.describe(error))\n".utf8))
            return 1
        }
    }
}
