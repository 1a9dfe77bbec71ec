import Glibc

/// Writes the child's output to the log file, one line per record, each prefixed with a UTC
/// timestamp (`2026-11-21T23:00:00.123Z `), rotating `FILE → FILE.1 → … → FILE.keep` before a
/// record would take the file past `maxBytes`.
///
/// A partial line is held until its newline, the end of the output, or until it fills the
/// line buffer; then it is written as a record of its own.
struct LogWriter: ~Copyable {
    static let lineCapacity = 16 * 1024
    static let stampLength = 25
    private static let outCapacity = 32 * 1024

    private let path: UnsafeMutablePointer<CChar>
    private let maxBytes: Int
    private let keep: Int
    private var fd: Int32
    private var size: Int
    private let line: UnsafeMutablePointer<UInt8>
    private var lineLength = 0
    private let out: UnsafeMutablePointer<UInt8>
    private var outLength = 0
    private let stamp: UnsafeMutablePointer<UInt8>

    /// Opens (appends to) the log at `path`; on failure, returns the errno.
    init(path: UnsafeMutablePointer<CChar>, maxBytes: Int, keep: Int) throws(LogOpenError) {
        let fd = LogWriter.open(path)
        guard fd >= 0 else { throw LogOpenError(code: errno) }
        var info = stat()
        self.size = fstat(fd, &info) == 0 ? Int(info.st_size) : 0
        self.fd = fd
        self.path = path
        self.maxBytes = maxBytes
        self.keep = keep
        self.line = .allocate(capacity: LogWriter.lineCapacity)
        self.out = .allocate(capacity: LogWriter.outCapacity)
        self.stamp = .allocate(capacity: LogWriter.stampLength)
    }

    deinit {
        line.deallocate()
        out.deallocate()
        stamp.deallocate()
        close(fd)
    }

    /// Takes a chunk read from the child's output and writes every complete line.
    mutating func append(_ bytes: UnsafePointer<UInt8>, count: Int) {
        stampNow()
        var index = 0
        while index < count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\n") {
                endLine()
                continue
            }
            line[lineLength] = byte
            lineLength += 1
            if lineLength == LogWriter.lineCapacity {
                endLine()
            }
        }
        flush()
    }

    /// Writes a held partial line, at the end of the output.
    mutating func finish() {
        if lineLength > 0 {
            stampNow()
            endLine()
        }
        flush()
    }

    private mutating func endLine() {
        let record = LogWriter.stampLength + lineLength + 1
        if size > 0 && size + record > maxBytes {
            flush()
            rotate()
        }
        if outLength + record > LogWriter.outCapacity {
            flush()
        }
        (out + outLength).update(from: stamp, count: LogWriter.stampLength)
        (out + outLength + LogWriter.stampLength).update(from: line, count: lineLength)
        out[outLength + record - 1] = UInt8(ascii: "\n")
        outLength += record
        size += record
        lineLength = 0
    }

    private mutating func flush() {
        var offset = 0
        while offset < outLength {
            let written = write(fd, out + offset, outLength - offset)
            if written < 0 {
                if errno == EINTR { continue }
                break  // a full disk loses log lines, never the child
            }
            offset += written
        }
        outLength = 0
    }

    /// FILE.(keep-1) → FILE.keep, …, FILE → FILE.1, then a fresh FILE. With keep 0 the file is
    /// truncated instead.
    private mutating func rotate() {
        defer { size = 0 }
        guard keep > 0 else {
            ftruncate(fd, 0)
            return
        }
        var generation = keep - 1
        while generation >= 1 {
            rename(rotatedPath(generation), rotatedPath(generation + 1))
            generation -= 1
        }
        rename(String(cString: path), rotatedPath(1))
        let fresh = LogWriter.open(path)
        if fresh >= 0 {
            close(fd)
            fd = fresh
        }
    }

    private func rotatedPath(_ generation: Int) -> String {
        "\(String(cString: path)).\(generation)"
    }

    private static func open(_ path: UnsafePointer<CChar>) -> Int32 {
        Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
    }

    /// Formats the current UTC time into `stamp` by hand: no locale, no allocation.
    private func stampNow() {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var cursor = stamp
        func digits(_ value: Int, _ width: Int) {
            var value = value
            var position = width - 1
            while position >= 0 {
                cursor[position] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
                position -= 1
            }
            cursor += width
        }
        func literal(_ character: Unicode.Scalar) {
            cursor.pointee = UInt8(ascii: character)
            cursor += 1
        }
        digits(Int(parts.tm_year) + 1900, 4)
        literal("-")
        digits(Int(parts.tm_mon) + 1, 2)
        literal("-")
        digits(Int(parts.tm_mday), 2)
        literal("T")
        digits(Int(parts.tm_hour), 2)
        literal(":")
        digits(Int(parts.tm_min), 2)
        literal(":")
        digits(Int(parts.tm_sec), 2)
        literal(".")
        digits(now.tv_nsec / 1_000_000, 3)
        literal("Z")
        literal(" ")
    }
}

/// The log file could not be opened; `code` is the errno.
struct LogOpenError: Error {
    var code: Int32
}
