import Glibc

/// Directory entries of /proc whose names are numbers (pids, or descriptors in /proc/self/fd).
enum ProcEntries {
    /// Calls `body` with every numeric entry name of the directory at `path`; `body` gets the
    /// directory's own descriptor too, to skip it.
    static func forEachNumber(in path: String, _ body: (Int32, Int32) -> Void) {
        guard let directory = opendir(path) else { return }
        defer { closedir(directory) }
        let own = dirfd(directory)
        while let entry = readdir(directory) {
            var number: Int32 = 0
            let isNumber = withUnsafeBytes(of: &entry.pointee.d_name) { name -> Bool in
                var index = 0
                while index < name.count, name[index] != 0 {
                    let digit = name[index]
                    guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return false }
                    number = number * 10 + Int32(digit - UInt8(ascii: "0"))
                    index += 1
                }
                return index > 0
            }
            if isNumber { body(number, own) }
        }
    }
}
