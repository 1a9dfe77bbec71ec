import Glibc

/// Header detection for a CSV seed: the first line is a header when every field in it names a
/// column of the table. The header then also gives the column order of the file.
enum CSVHeader {
    /// The columns named by the first record of `path`, mapped to the table's spelling, or nil
    /// when the first record is data.
    static func columns(inFile path: String, tableColumns: [String]) throws(FileError) -> [String]? {
        guard let fields = try firstRecord(of: path), !fields.isEmpty else { return nil }
        return columns(fields, tableColumns: tableColumns)
    }

    static func columns(_ fields: [String], tableColumns: [String]) -> [String]? {
        var matched: [String] = []
        for field in fields.map({ $0.trimmingWhitespace() }) {
            let column = tableColumns.first { $0 == field } ?? unique(tableColumns.filter { $0.lowercased() == field.lowercased() })
            guard let column, !matched.contains(column) else { return nil }
            matched.append(column)
        }
        return matched
    }

    /// The fields of the first CSV record (quotes and doubled quotes understood, a UTF-8 BOM
    /// dropped), reading at most 64 KiB.
    static func firstRecord(of path: String) throws(FileError) -> [String]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileError(path: path, operation: "open") }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 64 * 1024)
        let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count >= 0 else { throw FileError(path: path, operation: "read") }
        var text = bytes[0..<count]
        if text.starts(with: [0xEF, 0xBB, 0xBF]) { text = text.dropFirst(3) }
        return parseRecord(Array(text))
    }

    /// Splits one CSV record at its commas, up to the first newline outside quotes.
    static func parseRecord(_ bytes: [UInt8]) -> [String]? {
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(byte)
                }
            } else if byte == UInt8(ascii: "\"") {
                quoted = true
            } else if byte == UInt8(ascii: ",") {
                fields.append(String(decoding: field, as: UTF8.self))
                field = []
            } else if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                break
            } else {
                field.append(byte)
            }
            index += 1
        }
        if quoted { return nil }  // no complete first record within the limit
        fields.append(String(decoding: field, as: UTF8.self))
        return fields
    }

    private static func unique(_ candidates: [String]) -> String? {
        candidates.count == 1 ? candidates[0] : nil
    }
}
