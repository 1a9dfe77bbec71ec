import Foundation
import Manifest

/// The shell script that sets a containerised Postgres up as devenv sets up its own: each
/// database's owner role (with its password) and the database, then the seed files in order, as
/// the owner, each exactly once: its `devenv_seed_ledger` row is written in the same transaction
/// as its data, so a job run twice, or killed half-way, applies nothing twice.
///
/// It runs in the Postgres image (psql, pg_isready, sha256sum) as the superuser named by
/// `PGHOST`, `PGUSER` and `PGPASSWORD`; each owner's password is in the variable
/// `passwordVariable(of:)` names; the seed files are in `directory`, under `key(…)`.
enum SeedScript {
    /// The file name a seed file has in the ConfigMap and the mounted directory.
    static func key(database: String, index: Int, file: String) -> String {
        let base = file.split(separator: "/").last.map(String.init) ?? file
        let safe = String(base.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" ? $0 : "-" })
        return "\(database)-\(index)-\(safe)"
    }

    /// The Secret key holding `database`'s owner password (a compose variable in compose).
    static func password(of database: Database) -> SecretKey {
        SecretKey(secret: KubernetesNames.postgresSecret(database: database.name), key: "password")
    }

    static let superuserPassword = SecretKey(secret: "postgres", key: "password")

    /// The seed files of every database, with their keys, in the order they are applied.
    static func files(of postgres: PostgresSpec) -> [(database: Database, seed: SeedFile, key: String)] {
        postgres.databases.flatMap { database in
            database.seed.enumerated().map { (database, $0.element, key(database: database.name, index: $0.offset, file: $0.element.file)) }
        }
    }

    static func text(_ postgres: PostgresSpec, directory: String) -> String {
        var calls: [String] = []
        for database in postgres.databases {
            let password = "\"$\(password(of: database).variableName)\""
            let (role, name) = (quote(database.owner), quote(database.name))
            calls.append("database \(role) \(name) \(password)")
            for (index, seed) in database.seed.enumerated() {
                let path = quote("\(directory)/\(key(database: database.name, index: index, file: seed.file))")
                var call = "seed \(role) \(name) \(password) \(quote(seed.file)) \(path)"
                if seed.file.lowercased().hasSuffix(".csv") { call += " " + quote(table(of: seed)) }
                calls.append(call)
            }
        }
        return functions + calls.joined(separator: "\n") + "\necho \"postgres is set up\"\n"
    }

    /// A CSV seed's table: as given, else the file's base name.
    static func table(of seed: SeedFile) -> String {
        if let table = seed.table { return table }
        let base = seed.file.split(separator: "/").last.map(String.init) ?? seed.file
        return base.split(separator: ".").first.map(String.init) ?? base
    }

    /// `text` in single quotes for sh.
    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    private static let functions = #"""
        #!/bin/sh
        # Made by devenv export. Creates each database's owner role and database, then applies the
        # seed files in order as that owner, each exactly once (the ledger row and the data are one
        # transaction). Safe to run again.
        set -eu
        until pg_isready -q; do echo "waiting for postgres at $PGHOST"; sleep 2; done

        # database ROLE DATABASE PASSWORD: the login role with this password, and its database.
        database() {
          psql -X -q -v ON_ERROR_STOP=1 -d postgres -v role="$1" -v db="$2" -v password="$3" <<'SQL'
        SELECT format('CREATE ROLE %I LOGIN', :'role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
        SELECT format('ALTER ROLE %I PASSWORD %L', :'role', :'password') \gexec
        SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
        SQL
        }

        # is_header LINE COLUMNS: whether every field of the CSV line names one of the columns.
        is_header() {
          for field in $(printf '%s' "$1" | tr ',' ' '); do
            printf '%s\n' "$2" | grep -qixF -- "$field" || return 1
          done
        }

        # seed ROLE DATABASE PASSWORD NAME PATH [TABLE]: applies PATH (SQL, or CSV copied into
        # TABLE) unless the ledger already has NAME.
        seed() {
          role=$1 db=$2 password=$3 name=$4 path=$5 table=${6:-}
          sha=$(sha256sum "$path" | cut -d' ' -f1)
          load="\\i $path"
          if [ -n "$table" ]; then
            columns=$(PGPASSWORD=$password psql -X -At -U "$role" -d "$db" -v table="$table" <<'SQL'
        SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = :'table'
        SQL
        )
            header=$(head -n 1 "$path" | tr -d '\r" ')
            load="\\copy \"$table\" FROM '$path' WITH (FORMAT csv)"
            if [ -n "$header" ] && is_header "$header" "$columns"; then
              load="\\copy \"$table\" ($header) FROM '$path' WITH (FORMAT csv, HEADER true)"
            fi
          fi
          PGPASSWORD=$password psql -X -q -v ON_ERROR_STOP=1 --single-transaction -U "$role" -d "$db" -v name="$name" -v sha="$sha" <<SQL
        SET client_min_messages = warning;
        SELECT pg_advisory_xact_lock(hashtext('devenv-seed')) AS locked \gset
        CREATE TABLE IF NOT EXISTS devenv_seed_ledger (file text PRIMARY KEY, sha256 text NOT NULL,
            rows bigint NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
        SELECT NOT EXISTS (SELECT FROM devenv_seed_ledger WHERE file = :'name') AS pending \gset
        \if :pending
        $load
        INSERT INTO devenv_seed_ledger (file, sha256, rows) VALUES (:'name', :'sha', 0);
        \endif
        SQL
        }

        """#
}
