import ArgumentParser
import Foundation

@main
struct Devenv: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devenv",
        abstract: "Bring a whole development stack up on one machine: Postgres, services and a path router.",
        discussion: """
            Environments are described by manifests in environments/<name>.yaml. Every command \
            takes -e/--env NAME (default: $DEVENV_ENV, else dev) and -C DIR (the project root, by \
            default the nearest directory above the working one that holds environments/), before \
            or after the subcommand: devenv -C ~/shop -e staging up.
            """,
        version: "0.1.0",
        subcommands: [
            Up.self, Down.self, Pause.self, Resume.self, Sleep.self, Wake.self, Status.self, List.self, Logs.self, Restart.self,
            Scale.self, Seed.self, Psql.self, URL.self, Validate.self, ScheduleCommand.self, Events.self,
            Export.self, Init.self, DoctorCommand.self, Completion.self, DaemonCommand.self, RouterBench.self,
        ]
    )

    static func main() async {
        await main(Array(GlobalOptions.hoisted(CommandLine.arguments).dropFirst()))
    }
}
