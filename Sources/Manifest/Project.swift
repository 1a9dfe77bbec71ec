import Foundation

/// A project: the directory that holds `environments/`, and everything devenv keeps under it.
public struct Project: Hashable, Sendable {
    /// Absolute path of the project root.
    public var root: String

    public init(root: String) {
        self.root = root
    }

    /// The nearest ancestor of `directory` (itself included) that holds `environments/`.
    public static func discover(from directory: String) throws(ProjectError) -> Project {
        var current = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            var isDirectory: ObjCBool = false
            let candidate = current.appendingPathComponent("environments").path
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
                return Project(root: current.path)
            }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path {
                throw ProjectError("no environments/ directory in \(directory) or any parent: run devenv inside a project, or pass -C DIR")
            }
            current = parent
        }
    }

    public var environmentsDirectory: String { path("environments") }
    /// `.devenv/`: everything devenv writes.
    public var stateDirectory: String { path(".devenv") }
    public var stateDatabase: String { path(".devenv/state.db") }

    /// An absolute path for `relative` (kept as is when already absolute).
    public func path(_ relative: String) -> String {
        relative.hasPrefix("/") ? relative : (root as NSString).appendingPathComponent(relative)
    }

    /// The names of the environments found in `environments/`, sorted.
    public func environmentNames() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: environmentsDirectory)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The manifest of `name`, relative to the root; an error lists the environments found.
    public func manifestPath(for name: String) throws(ProjectError) -> String {
        let relative = "environments/\(name).yaml"
        let names = environmentNames()
        if !name.isEmpty, !name.contains("/"), FileManager.default.fileExists(atPath: path(relative)) { return relative }
        let found = names.isEmpty ? "none" : names.joined(separator: ", ")
        throw ProjectError("no environment '\(name)': there is no \(relative)" + Suggestion.hint(for: name, in: names)
                           + ". Environments found: \(found)")
    }
}

/// A problem with the project as a whole rather than a line of a manifest.
public struct ProjectError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
