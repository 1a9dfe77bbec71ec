import Yams

/// A compose file as a devenv manifest: services with their image or command, environment
/// (list or map), port (`ports:` short or long form → the container's port), replicas,
/// `depends_on` (list or map with conditions), health check and restart policy. A `postgres`
/// image becomes the manifest's `postgres:` block. Whatever has no equivalent (`build:`, volumes,
/// networks…) is listed in `notConverted`, never dropped silently.
public struct ComposeImport: Sendable {
    /// The compose file's text.
    public var text: String
    /// Its name, for messages: `docker-compose.yml`.
    public var file: String
    /// What compose names built images after: `<project>-<service>`.
    public var projectName: String

    public init(text: String, file: String, projectName: String) {
        self.text = text
        self.file = file
        self.projectName = projectName
    }

    /// - Throws: `ExportError` when the text is not a compose file with services.
    public func manifest() throws(ExportError) -> ImportResult {
        let root: Yams.Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw ExportError(.unreadableSource, "empty file", file: file) }
            root = node
        } catch let error as ExportError {
            throw error
        } catch {
            throw ExportError(.unreadableSource, "not YAML: \(error)", file: file)
        }
        guard let services = ComposeService.value(root, "services")?.mapping, !services.isEmpty else {
            throw ExportError(.unreadableSource, "no services: a compose file lists them under services:", file: file)
        }
        var notes: [String] = []
        for (key, _) in root.mapping ?? [:] where key.string != "services" {
            let name = key.string ?? "?"
            notes.append(name == "version" || name == "name"
                         ? "\(name): not needed in a manifest (ignored)"
                         : "\(name): no equivalent in a manifest (top-level \(name) not converted)")
        }
        var imported = services.map { ComposeService(name: $0.key.string ?? "", node: $0.value, projectName: projectName) }
        // A service others wait to complete is a job.
        let completed = Set(imported.flatMap { $0.dependencies.filter { $0.condition == "completed" }.map(\.service) })
        var postgres: YAMLValue?, postgresService: String?
        if let index = imported.firstIndex(where: \.isPostgres) {
            let service = imported.remove(at: index)
            postgres = service.postgresBlock(notes: &notes)
            postgresService = service.name
        }
        var entries: [YAMLValue.Entry] = []
        for var service in imported {
            if completed.contains(service.name) { service.isJob = true }
            entries.append(.init(service.manifestName, service.manifest(postgresService: postgresService, notes: &notes)))
        }
        let document: YAMLValue = ["postgres": postgres, "services": .map(entries)]
        let header = ["Imported by devenv init from \(file). Check it with: devenv validate dev"]
        return ImportResult(manifest: YAMLDocument(document, comment: header).text, notConverted: notes)
    }

    /// The manifest's name for a compose service: `Web.Front` → `web-front`.
    public static func serviceName(_ composeName: String) -> String {
        ComposeService.manifestName(composeName)
    }
}
