/// Reads the timestamps of log lines without Foundation's date parsing: the shim's fixed
/// `2026-11-21T23:00:00.123Z`, and ISO 8601 in general (`…T23:00:00Z`, `…T23:00:00.123456+01:00`).
enum LogTimestamp {
    /// `2026-11-21T23:00:00.123Z`: the length of the shim's timestamp, before its one space.
    static let shimLength = 24

    /// Microseconds since 1970 of an ISO 8601 date-time, or nil when `text` is not one.
    static func microseconds(_ text: some Collection<UInt8>) -> Int64? {
        var scanner = Scanner(Array(text))
        guard let year = scanner.number(4), scanner.skip("-"), let month = scanner.number(2), scanner.skip("-"),
              let day = scanner.number(2), scanner.skip("T") || scanner.skip("t") || scanner.skip(" "),
              let hour = scanner.number(2), scanner.skip(":"), let minute = scanner.number(2), scanner.skip(":"),
              let second = scanner.number(2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60
        else { return nil }
        var micros: Int64 = 0
        if scanner.skip(".") || scanner.skip(",") {
            var digits = 0
            while let digit = scanner.digit() {
                if digits < 6 { micros = micros * 10 + Int64(digit) }
                digits += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 6) { micros *= 10 }
        }
        var offsetSeconds: Int64 = 0
        if scanner.skip("Z") || scanner.skip("z") {
            // UTC
        } else if let sign = scanner.sign() {
            guard let hours = scanner.number(2) else { return nil }
            _ = scanner.skip(":")
            let minutes = scanner.number(2) ?? 0
            offsetSeconds = sign * Int64(hours * 3600 + minutes * 60)
        } else {
            return nil  // a time without a zone is not an instant
        }
        guard scanner.atEnd else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - offsetSeconds
        return seconds * 1_000_000 + micros
    }

    /// The value of the top-level `"time"` string of a JSON line, found by a scan rather than a parse.
    static func jsonTime(in line: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        let key = Array("\"time\"".utf8)
        var index = line.startIndex
        while index + key.count <= line.endIndex {
            guard line[index..<index + key.count].elementsEqual(key) else {
                index += 1
                continue
            }
            var cursor = index + key.count
            func skipSpaces() { while cursor < line.endIndex, line[cursor] == 0x20 || line[cursor] == 0x09 { cursor += 1 } }
            skipSpaces()
            guard cursor < line.endIndex, line[cursor] == UInt8(ascii: ":") else {
                index += 1
                continue
            }
            cursor += 1
            skipSpaces()
            guard cursor < line.endIndex, line[cursor] == UInt8(ascii: "\"") else { return nil }
            let start = cursor + 1
            guard let end = line[start...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            return line[start..<end]
        }
        return nil
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        mutating func digit() -> Int? {
            guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else { return nil }
            defer { index += 1 }
            return Int(bytes[index] - UInt8(ascii: "0"))
        }

        mutating func number(_ width: Int) -> Int? {
            var value = 0
            for _ in 0..<width {
                guard let digit = digit() else { return nil }
                value = value * 10 + digit
            }
            return value
        }

        mutating func sign() -> Int64? {
            if skip("+") { return 1 }
            if skip("-") { return -1 }
            return nil
        }
    }
}
