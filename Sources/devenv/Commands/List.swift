import ArgumentParser
import Engine
import Foundation

struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List every environment: those with a manifest and those the state db knows."
    )

    @OptionGroup var options: GlobalOptions

    @Flag(help: "Print a JSON array.")
    var json = false

    func run() async throws {
        try await Output.run {
            let rows = try Workspace(project: try options.project()).environments()
            if json {
                print(try JSONText.encode(rows))
                return
            }
            var table = [["NAME", "STATE", "ROUTER", "MANIFEST"]]
            for row in rows {
                table.append([
                    row.name, row.state,
                    row.routerPort.map { "http://127.0.0.1:\($0)" } ?? "-",
                    row.hasManifest ? "environments/\(row.name).yaml" : "(missing)",
                ])
            }
            print(TextTable.render(table), terminator: "")
        }
    }
}
