import Foundation
import Manifest

/// The logs of one environment: `.devenv/<env>/logs/<service>.<n>.log` (rotated to `.1`, `.2`, …)
/// for each replica, and `router.access.log`.
public struct EnvironmentLogs: Sendable {
    public var project: Project
    public var environment: String

    public init(project: Project, environment: String) {
        self.project = project
        self.environment = environment
    }

    /// `.devenv/<env>/logs`.
    public var directory: String {
        (project.stateDirectory as NSString).appendingPathComponent("\(environment)/logs")
    }

    /// Every source with a file in the logs directory now, in output order.
    public func sources() -> [LogSource] {
        LogDirectory(path: directory).sources()
    }

    /// The sources of the services named (every source when `names` is empty).
    ///
    /// - Throws: `LogError.unknownService` for a name that is neither a source found nor a
    ///   service of the manifest, listing the known ones; `ProjectError` for an environment that
    ///   has neither a manifest nor logs.
    public func select(_ names: [String]) throws -> LogSelection {
        let present = sources()
        let directoryExists = FileManager.default.fileExists(atPath: directory)
        if !directoryExists, !project.environmentNames().contains(environment) {
            _ = try project.manifestPath(for: environment)  // throws, listing the environments found
        }
        let selection = LogSelection(environment: environment, directory: directory, names: names, sources: [],
                                     directoryExists: directoryExists)
        let chosen = present.filter(selection.includes)
        let matched = Set(names.filter { name in present.contains { $0.service == name || $0.prefix == name } })
        let unmatched = names.filter { !matched.contains($0) }
        if !unmatched.isEmpty {
            let manifest = manifestServices()
            let known = Set(present.map(\.service)).union(manifest).sorted()
            if let unknown = unmatched.first(where: { !manifest.contains($0) }) {
                let list = known.isEmpty ? "it has none yet" : "known services are \(known.joined(separator: ", "))"
                throw LogError(.unknownService, "no service '\(unknown)' in \(environment): \(list)", knownServices: known)
            }
        }
        var result = selection
        result.sources = chosen
        return result
    }

    /// The lines of `selection` merged by time: all of them, or the last `tail` of each source.
    public func read(_ selection: LogSelection, tail: Int?) throws(LogError) -> MergedLogLines {
        var readers: [LogLineReader] = []
        for source in selection.sources {
            readers.append(LogLineReader(source: source, segments: try LogReading.segments(of: source, tail: tail).segments))
        }
        return MergedLogLines(readers: readers)
    }

    /// The last `tail` lines of each source merged by time, then every line appended from then on,
    /// across rotations, until the consumer stops iterating or one of `stopSignals` arrives (then
    /// the stream just finishes). Sources that appear later and match the selection are followed too.
    public func follow(_ selection: LogSelection, tail: Int = 10, stopSignals: [Int32] = [],
                       options: LogFollower.Options = .init()) -> AsyncThrowingStream<LogLine, any Error> {
        LogFollower.stream(selection: selection, tail: tail, stopSignals: stopSignals, options: options)
    }

    /// The services of the manifest, and `router` when it has one; empty when it cannot be loaded.
    private func manifestServices() -> Set<String> {
        guard let manifest = try? ManifestLoader(project: project).load(environment) else { return [] }
        var names = Set(manifest.services.map(\.name))
        if manifest.router != nil { names.insert("router") }
        return names
    }
}
