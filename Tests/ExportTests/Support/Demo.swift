import Export
import Foundation
import Manifest

/// The repository's own demo stack, loaded as `devenv export` loads it.
enum Demo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let environments = ["dev", "staging", "scaled-down", "prod"]

    static func environment(_ name: String) throws -> Environment {
        try ManifestLoader(project: Project(root: root), processEnvironment: [:], unsetVariable: UnsetVariable.marker).load(name)
    }

    static func seedFiles(_ environment: Environment) throws -> [String: String] {
        var files: [String: String] = [:]
        for path in environment.seedFilePaths {
            files[path] = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
        }
        return files
    }

    /// `--image` for every service of the environment, as a user would give them.
    static func images(_ environment: Environment) -> [String: String] {
        Dictionary(uniqueKeysWithValues: environment.services.map { ($0.name, "registry.example/demo:1") })
    }

    static func kubernetes(_ name: String, schedule: KubernetesExport.ScheduleStyle = .cronJob) throws -> ExportResult {
        let environment = try environment(name)
        return try KubernetesExport(environment: environment, seedFiles: seedFiles(environment),
                                    options: .init(images: images(environment), schedule: schedule)).export()
    }

    static func compose(_ name: String) throws -> ExportResult {
        let environment = try environment(name)
        return try ComposeExport(environment: environment, options: .init(images: images(environment))).export()
    }

    /// All of an export's files as one multi-document YAML text, each headed by its name.
    static func joined(_ result: ExportResult) -> String {
        result.files.map { "# file: \($0.path)\n\($0.contents)" }.joined(separator: "---\n")
    }
}

/// A scratch directory, removed by `remove()`.
struct Scratch {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("devenv-export-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ files: [ExportedFile]) throws {
        for file in files {
            let full = path + "/" + file.path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try file.contents.write(toFile: full, atomically: false, encoding: .utf8)
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
