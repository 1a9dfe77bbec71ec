import Foundation

extension PostgresCluster {
    /// Where a container image's Postgres finds its data directory (mounted from `dataDirectory`).
    public static let imageDataPath = "/var/lib/devenv-postgres"

    /// Readies the cluster directory for a server that runs from a container image: the
    /// directory, an empty data directory for the image's own initdb, and the superuser's
    /// password (generated once). The host's Postgres binaries play no part.
    /// - Returns: the superuser's password, for the image's initdb.
    public func prepareForImage() throws -> String {
        do {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: directory + "/roles", withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw ClusterError(.fileSystem, "cannot create \(dataDirectory): \(error)")
        }
        return try SecretFile(path: passwordFile).readOrCreate()
    }

    /// The superuser's password, nil when it was never made.
    public func superuserPassword() -> String? {
        (try? SecretFile(path: passwordFile).read()) ?? nil
    }

    /// The command a Postgres image runs: initdb on the first start (scram-sha-256, superuser
    /// `postgres` with the password in `$DEVENV_SUPERUSER_PASSWORD`, UTF8, C locale), then the
    /// server on 127.0.0.1:`$PORT` only, with `settings` as `-c key=value`. No secret in it.
    public static func imageCommand(settings: [String: String]) -> [String] {
        let options = settings.sorted { $0.key < $1.key }.map { " -c '\($0.key)=\($0.value)'" }.joined()
        let data = imageDataPath
        let script = """
            set -e
            if [ ! -s \(data)/PG_VERSION ]; then
              printf '%s\\n' "$DEVENV_SUPERUSER_PASSWORD" > /tmp/devenv-superuser.pw
              initdb -D \(data) -U postgres --auth-host=scram-sha-256 --auth-local=scram-sha-256 \
                --pwfile=/tmp/devenv-superuser.pw -E UTF8 --locale=C > /tmp/devenv-initdb.log 2>&1 \
                || { cat /tmp/devenv-initdb.log; rm -f /tmp/devenv-superuser.pw; exit 1; }
              rm -f /tmp/devenv-superuser.pw
            fi
            unset DEVENV_SUPERUSER_PASSWORD
            exec postgres -D \(data) -p "$PORT" -c listen_addresses=127.0.0.1 -c unix_socket_directories=\(options)
            """
        return ["/bin/sh", "-c", script]
    }
}
