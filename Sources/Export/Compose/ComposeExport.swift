import Foundation
import Manifest

/// An environment as one compose file: its services (image, command, environment, port,
/// replicas, health check, `depends_on` with conditions), Postgres with a one-shot
/// `postgres-seed` service that creates the databases and applies the seed files once each.
///
/// Every service needs an image, as in a cluster: compose refuses a service with neither image
/// nor build, so a manifest's local processes get theirs from `--image` (or `image:`). Passwords
/// are compose variables (`${POSTGRES_PASSWORD:?…}`), set in `.env` or the shell: none is written.
/// The router and the schedule have no compose equivalent; the warnings say so.
public struct ComposeExport: Sendable {
    public struct Options: Sendable {
        /// `--image SERVICE=IMAGE`: overrides a service's `image:`.
        public var images: [String: String]
        /// The project root as seen from the compose file's directory (`.` when it is there):
        /// seed files and `env_file` are mounted and read from under it.
        public var projectDirectory: String

        public init(images: [String: String] = [:], projectDirectory: String = ".") {
            self.images = images
            self.projectDirectory = projectDirectory
        }
    }

    public var environment: Environment
    public var options: Options

    public init(environment: Environment, options: Options = Options()) {
        self.environment = environment
        self.options = options
    }

    /// One file, `compose.yaml`.
    /// - Throws: `ExportError` naming each service without an image.
    public func export() throws(ExportError) -> ExportResult {
        let images = try ImageChoice.images(for: environment, given: options.images)
        let file = ComposeFile(environment: environment, projectDirectory: options.projectDirectory)
        var services: [YAMLValue.Entry] = environment.services.map { .init($0.name, file.service($0, image: images[$0.name] ?? "")) }
        var document: [YAMLValue.Entry] = []
        if let postgres = environment.postgres {
            services += file.postgres(postgres)
            document.append(.init("volumes", ["postgres-data": .map([])]))
        }
        document.insert(.init("services", .map(services)), at: 0)
        let header = [
            "environment \(environment.name), exported by devenv from \(environment.files.joined(separator: " + ")).",
            "Set the variables named in ${…:?…} (in .env or the shell) before docker compose up.",
        ]
        let text = YAMLDocument(.map(document), comment: header).text
        return ExportResult(files: [ExportedFile(path: "compose.yaml", contents: text)], warnings: file.warnings)
    }
}
