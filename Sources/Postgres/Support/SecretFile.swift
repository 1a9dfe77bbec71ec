import Glibc

/// A password kept in a file only its owner can read (mode 0600).
struct SecretFile {
    var path: String

    /// A random password of 32 letters and digits (≈190 bits), safe in URLs without escaping.
    static func generatePassword() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<32).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }

    /// The stored password, or nil when the file does not exist.
    func read() throws(ClusterError) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            if errno == ENOENT { return nil }
            throw ClusterError(.fileSystem, FileError(path: path, operation: "open").description)
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw ClusterError(.fileSystem, FileError(path: path, operation: "read").description) }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        let text = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
        return text.isEmpty ? nil : text
    }

    /// Writes `password` atomically (temporary file, fsync, rename), mode 0600.
    func write(_ password: String, owner: RunUser? = nil) throws(ClusterError) {
        let temporary = path + ".tmp"
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw ClusterError(.fileSystem, FileError(path: temporary, operation: "create").description) }
        let bytes = Array((password + "\n").utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == bytes.count, synced else {
            unlink(temporary)
            throw ClusterError(.fileSystem, FileError(path: temporary, operation: "write").description)
        }
        if let owner { try owner.own(temporary) }
        guard rename(temporary, path) == 0 else {
            throw ClusterError(.fileSystem, FileError(path: path, operation: "rename into").description)
        }
    }

    /// The stored password, generating and storing one first if there is none.
    func readOrCreate() throws(ClusterError) -> String {
        if let existing = try read() { return existing }
        let password = Self.generatePassword()
        try write(password)
        return password
    }
}
