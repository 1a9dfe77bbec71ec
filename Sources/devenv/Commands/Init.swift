import ArgumentParser
import Export
import Foundation
import Manifest

struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write environments/dev.yaml: a commented starter, or imported from a compose file or a Procfile.",
        discussion: """
            With --from, the services of a docker-compose file (or a Procfile's processes) become the \
            manifest's services; what has no equivalent (build:, volumes, networks…) is listed, never \
            dropped silently. An existing environments/dev.yaml is only replaced with --force.
            """
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: ArgumentHelp("A docker-compose file or a Procfile to import.", valueName: "FILE"))
    var from: String?

    @Flag(help: "Replace an existing environments/dev.yaml.")
    var force = false

    func run() async throws {
        try await Output.run {
            // The project is made here (or in -C DIR), as git init does: never in a parent project.
            let root = Foundation.URL(fileURLWithPath: options.directory ?? ".").standardizedFileURL.path
            let project = Project(root: root)
            let relative = "environments/dev.yaml"
            let target = project.path(relative)
            if FileManager.default.fileExists(atPath: target), !force {
                throw CLIError("\(relative) exists in \(root): nothing written; pass --force to replace it")
            }
            var result = ImportResult(manifest: StarterManifest.text, notConverted: [])
            if let from {
                let text: String
                do {
                    text = try String(contentsOfFile: from, encoding: .utf8)
                } catch {
                    throw CLIError("cannot read \(from): \(error.localizedDescription)")
                }
                let name = (from as NSString).lastPathComponent
                if name.hasPrefix("Procfile") {
                    result = try ProcfileImport(text: text, file: name).manifest()
                } else {
                    let projectName = (root as NSString).lastPathComponent.lowercased()
                    result = try ComposeImport(text: text, file: name, projectName: projectName).manifest()
                }
            }
            try FileManager.default.createDirectory(atPath: project.environmentsDirectory, withIntermediateDirectories: true)
            try Data(result.manifest.utf8).write(to: Foundation.URL(fileURLWithPath: target))
            print("wrote \(relative)")
            if !result.notConverted.isEmpty {
                print("not converted (\(result.notConverted.count)):")
                for note in result.notConverted { print("  \(note)") }
            }
        }
    }
}
