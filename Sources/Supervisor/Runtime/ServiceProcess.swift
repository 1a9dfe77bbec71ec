import Glibc
import Synchronization

/// The service's own process under its `devenv-shim`: the shim's child, the process a user means
/// to signal (`status --json`'s `pid`), found in `/proc` and remembered while it lives.
public enum ServiceProcess {
    /// shim pid → its child's pid, as last found.
    private static let known = Mutex<[Int32: Int32]>([:])

    /// The child of each shim that has one now; a shim whose child is not (or no longer) there
    /// is absent. One scan of `/proc` finds every child not already known; what is not asked
    /// about is forgotten.
    public static func pids(underShims shims: [Int32]) -> [Int32: Int32] {
        let remembered = known.withLock { known in
            known = known.filter { shims.contains($0.key) }
            return known
        }
        var found: [Int32: Int32] = [:]
        var missing = Set<Int32>()
        for shim in shims {
            if let child = remembered[shim], let stat = ProcStat(pid: child), stat.parent == shim, stat.isLive {
                found[shim] = child
            } else {
                missing.insert(shim)
            }
        }
        if !missing.isEmpty {
            for stat in ProcStat.all() where missing.contains(stat.parent) && stat.processGroup == stat.parent && stat.isLive {
                found[stat.parent] = stat.pid
            }
        }
        known.withLock { known in known.merge(found) { _, new in new } }
        return found
    }
}
