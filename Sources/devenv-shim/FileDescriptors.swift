import Glibc

/// The descriptors the shim inherits from the daemon.
enum FileDescriptors {
    /// Closes every descriptor above stderr: the daemon's sockets and files are none of the
    /// shim's (or its child's) business.
    static func closeInherited() {
        guard let directory = opendir("/proc/self/fd") else { return }
        let own = dirfd(directory)
        var open: [Int32] = []
        while let entry = readdir(directory) {
            var fd: Int32 = 0
            let isNumber = withUnsafeBytes(of: &entry.pointee.d_name) { name -> Bool in
                var index = 0
                while index < name.count, name[index] != 0 {
                    let digit = name[index]
                    guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return false }
                    fd = fd * 10 + Int32(digit - UInt8(ascii: "0"))
                    index += 1
                }
                return index > 0
            }
            if isNumber && fd > STDERR_FILENO && fd != own {
                open.append(fd)
            }
        }
        closedir(directory)
        for fd in open {
            close(fd)
        }
    }
}
