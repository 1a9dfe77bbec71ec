import Glibc

extension PGConnection {
    /// The size of each chunk `copy` reads from the file and sends to the server.
    public static let copyChunkSize = 1 << 20

    /// Streams a CSV file into a table with `COPY … FROM STDIN`, 1 MiB at a time.
    ///
    /// The file is never loaded whole, so its size does not matter to memory.
    /// - Parameters:
    ///   - table: the table as written in SQL (`app_values`, `public."Values"`).
    ///   - columns: the file's columns in order, or nil for all of the table's columns.
    ///   - path: the CSV file.
    ///   - header: whether the first line is a header to skip.
    /// - Returns: the rows copied.
    /// - Throws: `PGError`; for a bad row, `line` is the file's line (a header is line 1).
    public func copy(into table: String, columns: [String]?, fromCSV path: String, header: Bool) throws(PGError) -> Int {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw PGError(message: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { Glibc.close(descriptor) }

        let libpq = try open()
        let columnList = columns.map { " (" + $0.map(Self.quoteIdentifier).joined(separator: ", ") + ")" } ?? ""
        let options = header ? "FORMAT csv, HEADER true" : "FORMAT csv"
        try libpq.sendQuery("COPY \(table)\(columnList) FROM STDIN WITH (\(options))")
        let started = libpq.nextResult()
        guard let started, started.status == .copyIn else {
            // The COPY never started (no such table or column): drain and report.
            _ = try collect(libpq)
            throw started?.error ?? PGError(message: "COPY into \(table) did not start")
        }

        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.copyChunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var readFailure: String?
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                readFailure = "could not read \(path): \(String(cString: strerror(errno)))"
                break
            }
            if count == 0 { break }
            // False means libpq saw the COPY end (the server failed it): stop sending. A server
            // error is otherwise only read after the end; the server discards the rest quickly.
            if !libpq.putCopyData(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) { break }
        }
        _ = libpq.putCopyEnd(failure: readFailure)
        let results = try collect(libpq)
        return results.last?.affectedRows ?? 0
    }
}
