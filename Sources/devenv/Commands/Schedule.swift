import ArgumentParser
import Foundation
import Manifest
import Scheduler

struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Show the next scheduled actions: when the environment wakes, sleeps, restarts.",
        discussion: """
            Reads the manifest only: no daemon or state is needed. Prints whether the environment \
            should be awake now (or at --from) by its schedule, and the next actions with their \
            times in the schedule's zone and their causes.
            """
    )

    @OptionGroup var options: GlobalOptions
    @OptionGroup var environment: EnvironmentArgument

    @Option(help: ArgumentHelp("Evaluate from this instant instead of now (RFC 3339, e.g. 2027-03-29T07:00:00+02:00).",
                               valueName: "TIME"))
    var from: String?

    @Option(help: "How many actions to list.")
    var next = 5

    @Flag(help: "Print one JSON object (the documented schedule shape).")
    var json = false

    func validate() throws {
        if let from, RFC3339.date(from) == nil {
            throw ValidationError("--from '\(from)' is not an RFC 3339 instant: write it as 2027-03-29T07:00:00+02:00 or 2027-03-29T05:00:00Z")
        }
        guard (0...1000).contains(next) else { throw ValidationError("--next takes a number from 0 to 1000") }
    }

    func run() async throws {
        try await Output.run {
            let name = options.environmentName(positional: environment.name)
            let loaded: Environment
            do {
                // Secrets play no part in a schedule: an unset ${NAME} is not an error here.
                loaded = try ManifestLoader(project: try options.project(), unsetVariable: { "unset-\($0)" }).load(name)
            } catch let error as ManifestError {
                Output.error(error.description)
                throw CLIError("\(name): the manifest has problems: fix them (devenv validate \(name) lists them)")
            }
            let report = ScheduleReport(loaded, at: from.flatMap(RFC3339.date) ?? Date(), count: next)
            print(json ? report.json : report.text, terminator: json ? "\n" : "")
        }
    }
}
