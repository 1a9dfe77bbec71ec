import Glibc
@testable import Postgres
import Testing

extension PostgresSuite {
    @Suite("Pure parts: SHA-256, CSV header detection, error locations")
    struct UnitTests {
        @Test("SHA-256 matches the FIPS 180-4 vectors, fed in any chunking")
        func sha256() {
            #expect(SHA256.hex(of: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
            #expect(SHA256.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
            let message = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
            #expect(SHA256.hex(of: message) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
            let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
            var hasher = SHA256()
            for start in stride(from: 0, to: million.count, by: 777) {
                million[start..<min(start + 777, million.count)].withUnsafeBytes { hasher.update($0) }
            }
            #expect(hasher.finalize().hexString == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        }

        @Test("a file's SHA-256 comes from libcrypto when loaded, and equals the Swift implementation's")
        func fileHashUsesLibcrypto() throws {
            #expect(LibcryptoSHA256() != nil, "libpq loads libcrypto, so the fast path is taken")
            var bytes = [UInt8](repeating: 0, count: 3 * 1024 * 1024 + 17)
            var seed: UInt64 = 42
            for index in bytes.indices {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                bytes[index] = UInt8(truncatingIfNeeded: seed >> 33)
            }
            let path = "/tmp/devenv-sha256-\(getpid()).bin"
            defer { unlink(path) }
            let file = fopen(path, "wb")
            _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
            fclose(file)
            #expect(try SHA256.hex(ofFile: path) == SHA256.hex(of: bytes))
        }

        @Test("a remembered seed hash is dropped when the file changes, even to the same size")
        func rememberedHashesFollowTheFile() throws {
            let path = "/tmp/devenv-seedhash-\(getpid()).csv"
            defer { unlink(path) }
            func write(_ text: String) {
                let file = fopen(path, "wb")
                _ = text.withCString { fputs($0, file) }
                fclose(file)
            }
            write("value\n1\n")
            let first = try SeedFileHashes.sha256(ofFile: path)
            #expect(try SeedFileHashes.sha256(ofFile: path) == first)
            var later = timespec(tv_sec: 0, tv_nsec: 0)
            clock_gettime(CLOCK_REALTIME, &later)
            write("value\n2\n")  // same size, new content
            var times = [timespec(tv_sec: later.tv_sec + 5, tv_nsec: 0), timespec(tv_sec: later.tv_sec + 5, tv_nsec: 0)]
            _ = utimensat(AT_FDCWD, path, &times, 0)  // a coarse clock could keep the old mtime: move it on
            let second = try SeedFileHashes.sha256(ofFile: path)
            #expect(second != first)
            #expect(second == (try SHA256.hex(ofFile: path)))
        }

        @Test("a first line naming the table's columns is a header; data is not")
        func headerDetection() {
            let columns = ["id", "value", "source", "created_at"]
            #expect(CSVHeader.columns(["value", "source"], tableColumns: columns) == ["value", "source"])
            #expect(CSVHeader.columns([" Source ", "VALUE"], tableColumns: columns) == ["source", "value"])
            #expect(CSVHeader.columns(["5", "seed"], tableColumns: columns) == nil)
            #expect(CSVHeader.columns(["value", "value"], tableColumns: columns) == nil)
            #expect(CSVHeader.columns(["value", "other"], tableColumns: columns) == nil)
            #expect(CSVHeader.parseRecord(Array("\"a,b\",\"say \"\"hi\"\"\",c\r\nx,y".utf8)) == ["a,b", "say \"hi\"", "c"])
            #expect(CSVHeader.parseRecord(Array("\"unterminated".utf8)) == nil)
        }

        @Test("COPY context and statement positions become file lines")
        func errorLocations() {
            #expect(PGError.copyLine(fromContext: "COPY app_values, line 17, column value: \"x\"") == 17)
            #expect(PGError.copyLine(fromContext: "SQL function") == nil)
            #expect(PGError.line(ofPosition: 1, in: "SELECT") == 1)
            #expect(PGError.line(ofPosition: 12, in: "SELECT 1;\nSELEC 2;") == 2)
            let error = SeedError(.failed, file: "seed/values.csv", line: 17, message: "bad")
            #expect(error.description == "seed/values.csv:17: bad")
        }

        @Test("URLs percent-encode their parts; credentials print without the password")
        func urls() {
            #expect(PostgresCluster.url(user: "app", password: "p@ss/w:rd", port: 5432, database: "app")
                == "postgresql://app:p%40ss%2Fw%3Ard@127.0.0.1:5432/app")
            #expect(PGConnection.parameters(of: "postgresql://app:secret@127.0.0.1:5432/app")?["password"] == "secret")
            #expect("\(DatabaseCredentials(user: "app", password: "secret"))" == "app:***")
            #expect(PGConnection.quoteIdentifier("we\"ird") == "\"we\"\"ird\"")
            #expect(PGConnection.quoteLiteral("it's") == "'it''s'")
        }
    }
}
