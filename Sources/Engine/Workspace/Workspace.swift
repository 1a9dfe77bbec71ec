import Foundation
import Manifest
import State

/// A project opened for commands: its manifests and its state database.
public struct Workspace: Sendable {
    public let project: Project

    public init(project: Project) {
        self.project = project
    }

    /// Opens `.devenv/state.db`, creating it on first use.
    public func openState() throws -> StateStore {
        try StateStore(path: project.stateDatabase)
    }

    /// Opens the state database only if it exists: read-only commands create nothing.
    public func existingState() throws -> StateStore? {
        guard FileManager.default.fileExists(atPath: project.stateDatabase) else { return nil }
        return try openState()
    }

    /// Every environment: those with a manifest and those the state db knows (a manifest may be gone).
    public func environments() throws -> [EnvironmentSummary] {
        let records = try existingState()?.environments() ?? []
        let manifests = Set(project.environmentNames())
        let names = Set(records.map(\.name)).union(manifests).sorted()
        return names.map { name in
            let record = records.first { $0.name == name }
            return EnvironmentSummary(
                name: name,
                hasManifest: manifests.contains(name),
                state: record?.observedState.rawValue ?? EnvironmentState.stopped.rawValue,
                routerPort: record?.routerPort,
                updatedAt: record?.updatedAt)
        }
    }

    /// An environment's history, oldest first; an unknown environment is an error listing the known ones.
    public func events(of environment: String, limit: Int?) throws -> [EventRecord] {
        try requireKnown(environment)
        return try existingState()?.events(environment: environment, limit: limit) ?? []
    }

    /// An environment with neither a manifest nor a record is an error that lists the known ones.
    public func requireKnown(_ name: String) throws {
        if try !environments().contains(where: { $0.name == name }) {
            _ = try project.manifestPath(for: name)  // throws, listing the environments found
        }
    }
}

/// One row of `devenv ls`.
public struct EnvironmentSummary: Codable, Hashable, Sendable {
    public var name: String
    public var hasManifest: Bool
    public var state: String
    public var routerPort: Int?
    public var updatedAt: Date?
}
