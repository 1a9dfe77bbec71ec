import Glibc

/// The fields devenv needs from `/proc/<pid>/stat`.
struct ProcStat: Sendable, Hashable {
    var pid: Int32
    /// `R`, `S`, `D`, `T`, `Z`…
    var state: UInt8
    var parent: Int32
    var processGroup: Int32
    /// Clock ticks since boot (field 22).
    var startTime: UInt64

    /// A zombie or a dead process no longer runs, even while its pid is still taken.
    var isLive: Bool { state != UInt8(ascii: "Z") && state != UInt8(ascii: "X") }

    /// Reads `/proc/<pid>/stat`; `nil` when there is no such process.
    init?(pid: Int32) {
        guard pid > 0 else { return nil }
        let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 1024)
        let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        self.init(pid: pid, text: bytes[..<count])
    }

    /// Parses `pid (comm) S ppid pgrp …`; comm may contain spaces and parentheses, so fields are
    /// counted from the last `)`.
    init?(pid: Int32, text: ArraySlice<UInt8>) {
        guard let close = text.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let fields = text[(close + 1)...].split(separator: UInt8(ascii: " "))
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        guard fields.count >= 20, let state = fields[0].first,
            let parent = Int32(decimal: fields[1]), let group = Int32(decimal: fields[2]),
            let start = UInt64(decimal: fields[19])
        else { return nil }
        self.pid = pid
        self.state = state
        self.parent = parent
        self.processGroup = group
        self.startTime = start
    }

    /// Every process in /proc, in no particular order.
    static func all() -> [ProcStat] {
        guard let directory = opendir("/proc") else { return [] }
        defer { closedir(directory) }
        var pids: [Int32] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: &entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if let pid = Int32(name) { pids.append(pid) }
        }
        return pids.compactMap { ProcStat(pid: $0) }
    }
}

extension FixedWidthInteger {
    /// A non-negative or negative decimal number in ASCII bytes.
    fileprivate init?(decimal bytes: ArraySlice<UInt8>) {
        guard let value = Self(String(decoding: bytes, as: UTF8.self).trimmingNewline) else { return nil }
        self = value
    }
}

extension String {
    fileprivate var trimmingNewline: Substring {
        self.last == "\n" ? self.dropLast() : self[...]
    }
}
