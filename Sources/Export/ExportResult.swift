import Manifest

/// What an export produces: files to write, and what did not carry over, in words for the user.
public struct ExportResult: Hashable, Sendable {
    public var files: [ExportedFile]
    /// Each one names the service, route or schedule entry it is about.
    public var warnings: [String]

    public init(files: [ExportedFile], warnings: [String] = []) {
        self.files = files
        self.warnings = warnings
    }
}

/// One file of an export: its path relative to the output, and its text.
public struct ExportedFile: Hashable, Sendable {
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}

extension Environment {
    /// The seed files an export needs the contents of, as the manifest names them.
    public var seedFilePaths: [String] {
        (postgres?.databases ?? []).flatMap { $0.seed.map(\.file) }
    }
}
