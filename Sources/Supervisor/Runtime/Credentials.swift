#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Who a child runs as: a user's ids and supplementary groups, looked up here (through NSS)
/// so the static shim only has to set them.
public struct Credentials: Equatable, Sendable {
    public var uid: uid_t
    public var gid: gid_t
    public var groups: [gid_t]

    public init(uid: uid_t, gid: gid_t, groups: [gid_t]) {
        self.uid = uid
        self.gid = gid
        self.groups = groups
    }

    /// The user `name`'s ids and groups (as `initgroups` would set them), or nil when there is
    /// no such user.
    public init?(user name: String) {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16 * 1024)
        guard getpwnam_r(name, &entry, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        uid = entry.pw_uid
        gid = entry.pw_gid
        var count: Int32 = 32
        var groups = [gid_t](repeating: 0, count: Int(count))
        while getgrouplist(name, gid, &groups, &count) == -1 {
            groups = [gid_t](repeating: 0, count: Int(count) + 32)
            count = Int32(groups.count)
        }
        self.groups = Array(groups.prefix(Int(count)))
    }

    /// `UID:GID:GROUP,GROUP…`, the shim's `--user` value.
    var shimArgument: String {
        "\(uid):\(gid):" + groups.map(String.init).joined(separator: ",")
    }
}
