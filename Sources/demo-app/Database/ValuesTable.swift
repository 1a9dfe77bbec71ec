import Postgres

/// The demo's one table, `app_values` (seed/schema.sql): every value the adder received.
struct ValuesTable: Sendable {
    /// One stored value.
    struct Row: Sendable {
        var id: Int64
        var value: Int64
        var source: String
        /// UTC, ISO 8601: `2026-01-01T09:00:00Z`.
        var createdAt: String
    }

    /// The sum, the count and the latest rows, read in one statement (one snapshot).
    struct Summary: Sendable {
        /// The exact sum's digits: `sum(bigint)` is `numeric`, which may not fit in 64 bits.
        var sum: String
        var count: Int64
        /// The latest first.
        var last: [Row]
    }

    let pool: DatabasePool

    /// `SELECT 1`: whether the database answers.
    func ping() async throws(DatabaseError) {
        try await pool.run(retry: .onLostConnection) { connection throws(PGError) in
            _ = try connection.query("SELECT 1")
        }
    }

    /// Stores `value` (source `adder`) and returns the sum including it.
    func add(_ value: Int64) async throws(DatabaseError) -> String {
        let rows = try await pool.run(retry: .ifNotApplied) { connection throws(PGError) in
            // The outer SELECT sees the table as it was before this statement's INSERT.
            try connection.query(
                """
                WITH added AS (INSERT INTO app_values (value) VALUES ($1::bigint) RETURNING value)
                SELECT (SELECT coalesce(sum(value), 0) FROM app_values) + (SELECT value FROM added)
                """, [String(value)])
        }
        return try Self.integerText(rows.first?.first ?? nil, named: "sum")
    }

    /// The sum and count of every value, and the latest `limit` rows.
    func summary(limit: Int) async throws(DatabaseError) -> Summary {
        let rows = try await pool.run(retry: .onLostConnection) { connection throws(PGError) in
            try connection.query(
                """
                SELECT totals.sum, totals.count, latest.id, latest.value, latest.source,
                       to_char(latest.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                FROM (SELECT coalesce(sum(value), 0) AS sum, count(*) AS count FROM app_values) AS totals
                LEFT JOIN LATERAL (
                    SELECT id, value, source, created_at FROM app_values ORDER BY id DESC LIMIT $1::int
                ) AS latest ON true
                ORDER BY latest.id DESC
                """, [String(limit)])
        }
        guard let first = rows.first, first.count == 6 else {
            throw DatabaseError(message: "the database returned an unexpected summary")
        }
        var summary = Summary(
            sum: try Self.integerText(first[0], named: "sum"),
            count: Int64(first[1] ?? "") ?? 0,
            last: [])
        for row in rows {
            guard let id = row[2].flatMap({ Int64($0) }), let value = row[3].flatMap({ Int64($0) }) else { continue }
            summary.last.append(Row(id: id, value: value, source: row[4] ?? "", createdAt: row[5] ?? ""))
        }
        return summary
    }

    /// The number of stored values.
    func count() async throws(DatabaseError) -> Int64 {
        let rows = try await pool.run(retry: .onLostConnection) { connection throws(PGError) in
            try connection.query("SELECT count(*) FROM app_values")
        }
        return Int64(rows.first?.first.flatMap { $0 } ?? "") ?? 0
    }

    /// Deletes every value; returns how many there were.
    func deleteAll() async throws(DatabaseError) -> Int {
        try await pool.run(retry: .ifNotApplied) { connection throws(PGError) in
            try connection.execute("DELETE FROM app_values")
        }
    }

    /// `text` when it is an integer's digits (so it can go into JSON as a number as it is).
    private static func integerText(_ text: String?, named name: String) throws(DatabaseError) -> String {
        let digits = text.map { $0.hasPrefix("-") ? $0.dropFirst() : Substring($0) } ?? ""
        guard let text, !digits.isEmpty, digits.allSatisfy({ $0 >= "0" && $0 <= "9" }) else {
            throw DatabaseError(message: "the database returned a \(name) that is not an integer: \(text ?? "NULL")")
        }
        return text
    }
}
