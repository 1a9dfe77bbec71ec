/// Why an export or an import could not be made; the message names the service or file.
public struct ExportError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        /// A service has no image to run in a cluster or in compose.
        case missingImage
        /// `--image SERVICE=IMAGE` names no service of the environment, or is malformed.
        case badImageOption
        /// A compose file or Procfile cannot be read as one.
        case unreadableSource
        /// A seed file's contents were not handed to the exporter.
        case missingSeedFile
    }

    public var code: Code
    public var message: String
    /// The file the problem is in, where there is one.
    public var file: String?

    public init(_ code: Code, _ message: String, file: String? = nil) {
        self.code = code
        self.message = message
        self.file = file
    }

    public var description: String { file.map { "\($0): \(message)" } ?? message }
}
