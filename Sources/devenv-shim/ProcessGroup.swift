import Glibc

/// The shim's own process group, seen through /proc.
enum ProcessGroup {
    /// SIGKILLs every live member of the group `pgid` except `except`, pass after pass until a
    /// pass finds none (a member may fork while it is being killed).
    static func killMembers(of pgid: pid_t, except: pid_t) {
        for _ in 0..<20 {
            var found = false
            forEachProcess { pid, state, group in
                if group == pgid && pid != except && state != UInt8(ascii: "Z") && state != UInt8(ascii: "X") {
                    kill(pid, SIGKILL)
                    found = true
                }
            }
            if !found { return }
        }
    }

    /// Calls `body(pid, state, pgrp)` for each process in /proc.
    private static func forEachProcess(_ body: (pid_t, UInt8, pid_t) -> Void) {
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1024)
        defer { buffer.deallocate() }
        ProcEntries.forEachNumber(in: "/proc") { pid, _ in
            let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return }
            let count = read(fd, buffer, 1023)
            close(fd)
            guard count > 0 else { return }
            if let (state, group) = parseStat(buffer, count: count) {
                body(pid, state, group)
            }
        }
    }

    /// From `pid (comm) S ppid pgrp …`, the state and pgrp; comm may hold spaces and ')'.
    private static func parseStat(_ text: UnsafeMutablePointer<UInt8>, count: Int) -> (UInt8, pid_t)? {
        var close = count - 1
        while close >= 0 && text[close] != UInt8(ascii: ")") { close -= 1 }
        guard close >= 0, close + 2 < count else { return nil }
        let state = text[close + 2]
        var index = close + 3
        var field = 0
        var value: pid_t = 0
        while index < count {
            let byte = text[index]
            index += 1
            if byte == UInt8(ascii: " ") {
                if field == 2 { return (state, value) }
                field += 1
                value = 0
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                value = value * 10 + pid_t(byte - UInt8(ascii: "0"))
            }
        }
        return nil
    }
}
