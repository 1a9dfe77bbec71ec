/// One seed file of a database: `.sql` (run in one transaction) or `.csv` (COPY into a table).
public struct SeedFile: Sendable, Hashable {
    /// The file's absolute path.
    public var path: String
    /// The file as the manifest names it (`seed/values.csv`): the ledger key and the name in errors.
    public var displayName: String
    /// For `.csv`: the table to load (SQL name); default the file's base name.
    public var table: String?

    public init(path: String, displayName: String, table: String? = nil) {
        self.path = path
        self.displayName = displayName
        self.table = table
    }

    enum Kind { case sql, csv }

    /// `.sql` or `.csv` by extension (case-insensitive); nil for anything else.
    var kind: Kind? {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".sql") { return .sql }
        if lowered.hasSuffix(".csv") { return .csv }
        return nil
    }

    /// The table a `.csv` loads: `table`, else the file name without directory and extension.
    var targetTable: String {
        if let table { return table }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}
