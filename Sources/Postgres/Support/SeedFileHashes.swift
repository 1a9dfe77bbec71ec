import Glibc
import Synchronization

/// SHA-256 of seed files, remembered by device, inode, size and modification time: a file the
/// daemon hashed once (to check the ledger) is not read again by `seed --reset` until it changes.
enum SeedFileHashes {
    private struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var seconds: Int
        var nanoseconds: Int
    }

    private static let remembered = Mutex<[String: (identity: Identity, sha256: String)]>([:])

    /// The lowercase hex SHA-256 of the file at `path`.
    static func sha256(ofFile path: String) throws(FileError) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { throw FileError(path: path, operation: "read") }
        let identity = Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                                seconds: info.st_mtim.tv_sec, nanoseconds: info.st_mtim.tv_nsec)
        if let known = remembered.withLock({ $0[path] }), known.identity == identity { return known.sha256 }
        let sha256 = try SHA256.hex(ofFile: path)
        remembered.withLock { $0[path] = (identity, sha256) }
        return sha256
    }
}
