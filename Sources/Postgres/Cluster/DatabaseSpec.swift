/// A database the cluster should have, and the role that owns it.
public struct DatabaseSpec: Sendable, Hashable {
    public var name: String
    /// The owning role; created with a generated password when missing.
    public var owner: String

    public init(name: String, owner: String) {
        self.name = name
        self.owner = owner
    }
}
