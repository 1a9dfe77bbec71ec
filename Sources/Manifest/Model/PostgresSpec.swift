/// The environment's own Postgres instance (`postgres:`).
public struct PostgresSpec: Hashable, Sendable {
    public var port: PortSetting
    /// Run in a container from this image instead of the local server binaries.
    public var image: String?
    /// The server's major version (e.g. "15") when more than one is installed.
    public var version: String?
    /// Passed to the server as `-c key=value`.
    public var settings: [String: String]
    /// Databases in manifest order.
    public var databases: [Database]

    public init(port: PortSetting = .auto, image: String? = nil, version: String? = nil,
                settings: [String: String] = [:], databases: [Database] = []) {
        self.port = port
        self.image = image
        self.version = version
        self.settings = settings
        self.databases = databases
    }

    public func database(named name: String) -> Database? {
        databases.first { $0.name == name }
    }
}

/// A database with its owner role and seed files.
public struct Database: Hashable, Sendable {
    public var name: String
    /// The owning role, created with a generated password; seeds run as this role.
    public var owner: String
    /// Applied in order, each exactly once.
    public var seed: [SeedFile]

    public init(name: String, owner: String? = nil, seed: [SeedFile] = []) {
        self.name = name
        self.owner = owner ?? name
        self.seed = seed
    }
}

/// One seed: a `.sql` file run in a transaction, or a `.csv` file copied into `table`.
public struct SeedFile: Hashable, Sendable {
    /// Relative to the project root.
    public var file: String
    /// For CSV: the target table (default: the file's base name).
    public var table: String?

    public init(file: String, table: String? = nil) {
        self.file = file
        self.table = table
    }
}
