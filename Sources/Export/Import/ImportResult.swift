/// A manifest made from another tool's file, and what had no equivalent in it.
public struct ImportResult: Hashable, Sendable {
    /// The text of `environments/dev.yaml`.
    public var manifest: String
    /// One line per thing not converted (or converted with a change of meaning), naming where it was.
    public var notConverted: [String]

    public init(manifest: String, notConverted: [String]) {
        self.manifest = manifest
        self.notConverted = notConverted
    }
}
