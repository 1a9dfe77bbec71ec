import ArgumentParser
import Engine
import Manifest

struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check what devenv needs: Postgres, psql, podman/docker, free ports; say how to get what is missing."
    )

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Print a JSON array of checks.")
    var json = false

    func run() async throws {
        try await Output.run {
            let project = try? options.project()
            let checks = await Doctor(project: project).run()
            if json {
                print(try JSONText.encode(checks))
            } else {
                for check in checks {
                    print("\(check.status.rawValue.padding(7)) \(check.name): \(check.detail)")
                    if let fix = check.fix { print("        → \(fix)") }
                }
            }
            if checks.contains(where: { $0.status == .missing }) {
                throw CLIError("something devenv needs is missing: see the → lines above")
            }
        }
    }
}
