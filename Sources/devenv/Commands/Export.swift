import ArgumentParser
import Export
import Foundation
import Manifest

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the environment as Kubernetes manifests or a compose file.",
        discussion: """
            k8s writes one YAML file per object into DIR: a Deployment and a Service per service, an \
            Ingress per route (ingress-nginx annotations), Postgres as a StatefulSet with Secrets and a \
            seed Job, the schedule as CronJobs (or kube-downscaler annotations with --schedule \
            kube-downscaler). compose writes one compose file. Every service needs an image: its image: \
            or --image SERVICE=IMAGE. Variables the manifest reads from the environment are never taken \
            from this shell: they become placeholders (a Secret) or compose's own ${NAME}.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case k8s, compose
    }

    @OptionGroup var options: GlobalOptions

    @Argument(help: "k8s or compose.")
    var format: Format

    @Argument(help: "The environment (overrides -e).")
    var name: String?

    @Option(name: .short, help: ArgumentHelp("The output: a directory (k8s) or a file (compose).", valueName: "DIR|FILE"))
    var output: String

    @Option(name: .customLong("image"), help: ArgumentHelp("The image a service runs (repeatable).", valueName: "SERVICE=IMAGE"))
    var images: [String] = []

    @Option(help: ArgumentHelp("k8s: how the schedule is exported: cronjob (default) or kube-downscaler.", valueName: "STYLE"))
    var schedule: KubernetesExport.ScheduleStyle?

    func validate() throws {
        if format == .compose, schedule != nil {
            throw ValidationError("--schedule is for k8s exports: compose has no scheduler")
        }
    }

    func run() async throws {
        try await Output.run {
            let project = try options.project()
            let environmentName = options.environmentName(positional: name)
            let environment: Environment
            do {
                environment = try ManifestLoader(project: project, processEnvironment: [:], unsetVariable: UnsetVariable.marker)
                    .load(environmentName)
            } catch let error as ManifestError {
                Output.error(error.description)
                throw CLIError("\(environmentName): the manifest has problems: fix them, then export again")
            }
            let images = try ImageChoice.parse(self.images)
            let destination = Foundation.URL(fileURLWithPath: output, relativeTo: Foundation.URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
            let result: ExportResult
            switch format {
            case .k8s:
                var seedFiles: [String: String] = [:]
                for file in environment.seedFilePaths {
                    do {
                        seedFiles[file] = try String(contentsOfFile: project.path(file), encoding: .utf8)
                    } catch {
                        throw CLIError("cannot read seed file \(file): \(error.localizedDescription)")
                    }
                }
                result = try KubernetesExport(environment: environment, seedFiles: seedFiles,
                                              options: .init(images: images, schedule: schedule ?? .cronJob)).export()
                try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
                for file in result.files {
                    try Data(file.contents.utf8).write(to: destination.appendingPathComponent(file.path))
                }
                print("wrote \(result.files.count) files to \(output)")
            case .compose:
                let directory = destination.deletingLastPathComponent()
                let relative = RelativePath.from(directory.path, to: project.root)
                result = try ComposeExport(environment: environment, options: .init(images: images, projectDirectory: relative)).export()
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try Data(result.files[0].contents.utf8).write(to: destination)
                print("wrote \(output)")
            }
            for warning in result.warnings { Output.error("warning: \(warning)") }
        }
    }
}

extension KubernetesExport.ScheduleStyle: ExpressibleByArgument {}

/// `to` as seen from `from`: `..`, `../shop`, `.`.
enum RelativePath {
    static func from(_ from: String, to: String) -> String {
        let source = Foundation.URL(fileURLWithPath: from).standardizedFileURL.pathComponents
        let target = Foundation.URL(fileURLWithPath: to).standardizedFileURL.pathComponents
        let common = zip(source, target).prefix { $0 == $1 }.count
        let parts = Array(repeating: "..", count: source.count - common) + target[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}
