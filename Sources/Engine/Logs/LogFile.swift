import Glibc

/// An open log file, read with `pread` so several readers never share a position. Closed on deinit.
final class LogFile {
    let path: String
    let descriptor: Int32

    /// Opens `path` for reading; nil when it does not exist (a rotation may just have moved it).
    init?(path: String) throws(LogError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw LogError(.unreadable, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// The file's identity and size now.
    func status() -> (identity: FileIdentity, size: Int64) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return (FileIdentity(device: 0, inode: 0), 0) }
        return (FileIdentity(info), Int64(info.st_size))
    }

    /// Up to `count` bytes from `offset`; fewer at the end of the file.
    func read(at offset: Int64, count: Int) throws(LogError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let result = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress! + filled, count - filled, off_t(offset) + off_t(filled))
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw LogError(.unreadable, "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if result == 0 { break }
            filled += result
        }
        bytes.removeLast(count - filled)
        return bytes
    }
}

/// Which file a path names: a rotation replaces the file under the same name.
struct FileIdentity: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64

    init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }

    init(_ info: stat) {
        self.init(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// The identity of the file at `path` now, nil when there is none.
    static func of(_ path: String) -> FileIdentity? {
        var info = stat()
        return stat(path, &info) == 0 ? FileIdentity(info) : nil
    }
}
