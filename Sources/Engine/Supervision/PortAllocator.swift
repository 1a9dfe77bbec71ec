#if canImport(Glibc)
import Glibc
#endif

/// Picks free TCP ports on the loopback address for `port: auto`.
enum PortAllocator {
    /// A port the kernel says is free now, never one of `avoiding`.
    static func freePort(avoiding taken: Set<Int> = []) -> Int? {
        for _ in 0..<20 {
            guard let port = bindEphemeral() else { return nil }
            if !taken.contains(port) { return port }
        }
        return nil
    }

    /// `previous` when it is still free, else a new free port: an environment keeps its ports.
    static func stablePort(previous: Int?, avoiding taken: Set<Int>) -> Int? {
        if let previous, !taken.contains(previous), PortProbe.isFree(port: previous) { return previous }
        return freePort(avoiding: taken)
    }

    private static func bindEphemeral() -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }
}
