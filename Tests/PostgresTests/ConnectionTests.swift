import ContainerTestSupport
import Foundation
import Glibc
import Postgres
import Testing

extension PostgresSuite {
    @Suite("PGConnection against a real server")
    struct ConnectionTests {
        @Test("execute runs several statements and returns the last one's row count")
        func executeMultiStatement() throws {
            let server = try TestServer()
            defer { server.stop() }
            let connection = try PGConnection(url: server.superuserURL)
            defer { connection.close() }
            let affected = try connection.execute(
                "CREATE TABLE t (id int PRIMARY KEY, name text); INSERT INTO t VALUES (1, 'a'), (2, NULL); UPDATE t SET name = 'b' WHERE id = 1")
            #expect(affected == 1)
            let rows = try connection.query("SELECT id, name FROM t WHERE id >= $1 ORDER BY id", ["1"])
            #expect(rows == [["1", "b"], ["2", nil]])
            let inserted = try connection.query("INSERT INTO t VALUES ($1, $2) RETURNING name", ["3", nil])
            #expect(inserted == [[nil]])
            // COPY in a plain execute neither hangs nor breaks the session.
            #expect(try connection.execute("COPY t TO STDOUT; SELECT 1") == 1)
            #expect(throws: PGError.self) { try connection.execute("COPY t FROM STDIN") }
            #expect(try connection.query("SELECT count(*) FROM t") == [["3"]])
        }

        @Test("errors carry SQLSTATE, message and position")
        func errorsCarrySQLState() throws {
            let server = try TestServer()
            defer { server.stop() }
            let connection = try PGConnection(url: server.superuserURL)
            let error = #expect(throws: PGError.self) { try connection.query("SELECT * FROM no_such_table") }
            #expect(error?.sqlState == "42P01")
            #expect(error?.message.contains("no_such_table") == true)
            #expect(error?.position == 15)
            let duplicate = #expect(throws: PGError.self) {
                try connection.execute("CREATE TABLE d (id int PRIMARY KEY); INSERT INTO d VALUES (1), (1)")
            }
            #expect(duplicate?.sqlState == "23505")
            #expect(duplicate?.detail?.contains("(id)=(1)") == true)
            // The failed multi-statement ran as one implicit transaction: nothing stays.
            #expect(throws: PGError.self) { try connection.query("SELECT * FROM d") }
        }

        @Test("transaction commits, and rolls back when its body throws")
        func transactions() throws {
            let server = try TestServer()
            defer { server.stop() }
            let connection = try PGConnection(url: server.superuserURL)
            try connection.execute("CREATE TABLE t (v int)")
            let value = try connection.transaction { try $0.execute("INSERT INTO t VALUES (1)") }
            #expect(value == 1)
            #expect(throws: TestFailure.self) {
                try connection.transaction { connection in
                    try connection.execute("INSERT INTO t VALUES (2)")
                    throw TestFailure("body failed")
                }
            }
            // A server error swallowed inside the body still rolls the transaction back, loudly.
            let swallowed = #expect(throws: PGError.self) {
                try connection.transaction { connection in
                    try connection.execute("INSERT INTO t VALUES (3)")
                    _ = try? connection.execute("SELECT 1/0")
                }
            }
            #expect(swallowed?.sqlState == "25P02")
            #expect(try connection.query("SELECT v FROM t ORDER BY v") == [["1"]])
            #expect(!connection.isInTransaction)
        }

        @Test("ping tells a running server from a closed port and bad parameters")
        func ping() throws {
            let server = try TestServer()
            defer { server.stop() }
            #expect(PGConnection.ping(url: "postgresql://127.0.0.1:\(server.port)/postgres") == .ok)
            let closed = try Loopback.freePort()
            #expect(PGConnection.ping(url: "postgresql://127.0.0.1:\(closed)/postgres") == .noResponse)
            #expect(PGConnection.ping(url: "host=127.0.0.1 port=\(server.port) sslmode=bogus") == .noAttempt)
        }

        @Test("COPY streams a 200k-row CSV in chunks, memory bounded")
        func copyStreamsLargeFile() throws {
            let server = try TestServer()
            defer { server.stop() }
            let path = server.root + "/large.csv"
            let rowCount = 200_000
            let padding = String(repeating: "x", count: 300)
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.write(contentsOf: Data("id,value,note\n".utf8))
            for batch in stride(from: 0, to: rowCount, by: 10_000) {
                var text = ""
                for id in batch..<batch + 10_000 { text += "\(id),\(id * 3),\"row \(id) \(padding)\"\n" }
                try handle.write(contentsOf: Data(text.utf8))
            }
            try handle.close()
            let fileSize = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0

            let connection = try PGConnection(url: server.superuserURL)
            try connection.execute("CREATE TABLE big (id int PRIMARY KEY, value bigint, note text)")
            let before = Memory.residentBytes()
            let clock = ContinuousClock(), start = clock.now
            let (copied, peak) = try Memory.peak {
                try connection.copy(into: "big", columns: ["id", "value", "note"], fromCSV: path, header: true)
            }
            let elapsed = clock.now - start
            let growth = peak - before
            print("COPY of \(rowCount) rows (\(fileSize / 1_048_576) MiB) took \(elapsed); peak RSS growth \(growth / 1024) KiB")
            #expect(copied == rowCount)
            #expect(growth < 50 * 1_048_576)
            #expect(try connection.query("SELECT count(*), sum(value) FROM big") == [["\(rowCount)", "\(3 * (rowCount - 1) * rowCount / 2)"]])
        }

        @Test("a bad row in COPY names its line in the file")
        func copyBadRowLine() throws {
            let server = try TestServer()
            defer { server.stop() }
            let path = server.root + "/bad.csv"
            try "1,a\n2,b\nthree,c\n4,d\n".write(toFile: path, atomically: true, encoding: .utf8)
            let connection = try PGConnection(url: server.superuserURL)
            try connection.execute("CREATE TABLE small (id int, name text)")
            let error = #expect(throws: PGError.self) {
                try connection.copy(into: "small", columns: nil, fromCSV: path, header: false)
            }
            #expect(error?.sqlState == "22P02")
            #expect(error?.line == 3)
            #expect(try connection.query("SELECT count(*) FROM small") == [["0"]])
            let missing = #expect(throws: PGError.self) {
                try connection.copy(into: "nope", columns: nil, fromCSV: path, header: false)
            }
            #expect(missing?.sqlState == "42P01")
        }
    }
}

/// This process' resident memory, from /proc/self/status.
enum Memory {
    static func residentBytes() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }

    /// Runs `body` while a thread samples the RSS every 2 ms; returns its result and the peak seen.
    static func peak<T>(during body: () throws -> T) rethrows -> (T, Int) {
        let sampler = PeakSampler()
        let thread = Thread { sampler.run() }
        thread.start()
        let result = try body()
        return (result, sampler.stop())
    }
}

/// The sampling thread's state, behind a lock.
private final class PeakSampler: @unchecked Sendable {
    private let condition = NSCondition()
    private var peak = Memory.residentBytes()
    private var running = true
    private var finished = false

    func run() {
        condition.lock()
        while running {
            peak = max(peak, Memory.residentBytes())
            _ = condition.wait(until: Date().addingTimeInterval(0.002))
        }
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    func stop() -> Int {
        condition.lock()
        defer { condition.unlock() }
        running = false
        condition.broadcast()
        while !finished { condition.wait() }
        return max(peak, Memory.residentBytes())
    }
}
