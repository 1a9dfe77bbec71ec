import Foundation
@testable import Manifest

enum Paths {
    /// The repository root, found from this file.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let brokenFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/broken").path
}

/// A throwaway project directory with the given files (paths relative to its root).
struct TemporaryProject {
    let root: String

    init(_ files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("devenv-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/environments", withIntermediateDirectories: true)
        for (path, text) in files { try write(path, text) }
    }

    func write(_ path: String, _ text: String) throws {
        let full = root + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: false, encoding: .utf8)
    }

    func loader(_ variables: [String: String] = [:]) -> ManifestLoader {
        ManifestLoader(project: Project(root: root), processEnvironment: variables)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }
}

extension ManifestLoader {
    /// The diagnostics of loading `name`, as printed lines; empty when it loads.
    func diagnostics(_ name: String) -> [String] {
        do {
            _ = try load(name)
            return []
        } catch let error as ManifestError {
            return error.diagnostics.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }
}
