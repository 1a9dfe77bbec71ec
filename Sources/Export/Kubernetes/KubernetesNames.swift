/// Object names in a cluster: DNS labels (lowercase letters, digits and '-').
enum KubernetesNames {
    /// `name` as a DNS label: `app_values` → `app-values`.
    static func label(_ name: String) -> String {
        let mapped = String(name.lowercased().map { ($0.isASCII && ($0.isLetter || $0.isNumber)) ? $0 : "-" })
        let trimmed = mapped.split(separator: "-", omittingEmptySubsequences: true).joined(separator: "-")
        return String((trimmed.isEmpty ? "x" : trimmed).prefix(63))
    }

    static let postgres = "postgres"
    static let seed = "postgres-seed"
    static let variablesSecret = "variables"
    static let envFileSecret = "env-file"
    static let scheduler = "devenv-schedule"

    /// The Secret with a database's owner, password and URL.
    static func postgresSecret(database: String) -> String { "postgres-\(label(database))" }

    /// A route's name: `/` → `root`, `/api/v1` → `api-v1`.
    static func route(_ path: String) -> String {
        path == "/" ? "root" : label(path)
    }
}
