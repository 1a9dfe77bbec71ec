import Glibc

/// The shim's command line, kept as pointers into `argv` so nothing is copied.
///
/// `devenv-shim --log FILE [--log-max-bytes N] [--log-keep K] [--user UID:GID[:GROUP,...]]
/// [--cwd DIR] [--parent-pid PID] -- PROGRAM ARGS...`
///
/// `--user` is numeric: the shim is a static executable and looks no names up (the daemon does).
struct ShimOptions {
    var logPath: UnsafeMutablePointer<CChar>
    var logMaxBytes = 10 << 20
    var logKeep = 3
    var user: UserIDs?
    var workingDirectory: UnsafeMutablePointer<CChar>?
    /// The parent the shim must die with; by default the parent it has when it starts.
    var parentPID: pid_t?
    /// The index in `argv` of PROGRAM; `argv` is NULL-terminated after it, ready for `execvp`.
    var programIndex: Int

    static let usage = """
        usage: devenv-shim --log FILE [--log-max-bytes N] [--log-keep K] [--user UID:GID[:GROUP,...]] \
        [--cwd DIR] [--parent-pid PID] -- PROGRAM ARGS...
        """

    /// Parses `argv`; on a usage error, prints the reason and the usage and exits 125.
    static func parse(argc: Int, argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> ShimOptions {
        var log: UnsafeMutablePointer<CChar>?
        var maxBytes = 10 << 20
        var keep = 3
        var user: UserIDs?
        var cwd: UnsafeMutablePointer<CChar>?
        var parent: pid_t?
        var index = 1
        while index < argc {
            guard let arg = argv[index] else { break }
            if strcmp(arg, "--") == 0 {
                index += 1
                break
            }
            guard index + 1 < argc, let value = argv[index + 1] else {
                usageError("option \(String(cString: arg)) needs a value, or is unknown")
            }
            switch String(cString: arg) {
            case "--log": log = value
            case "--log-max-bytes": maxBytes = number(value, option: "--log-max-bytes", minimum: 1)
            case "--log-keep": keep = number(value, option: "--log-keep", minimum: 0, maximum: 1000)
            case "--user": user = userIDs(value)
            case "--cwd": cwd = value
            case "--parent-pid":
                parent = pid_t(number(value, option: "--parent-pid", minimum: 1, maximum: Int(Int32.max)))
            default: usageError("unknown option \(String(cString: arg))")
            }
            index += 2
        }
        guard let log else { usageError("--log FILE is required") }
        guard index < argc, argv[index] != nil else { usageError("no PROGRAM after --") }
        return ShimOptions(
            logPath: log, logMaxBytes: maxBytes, logKeep: keep, user: user, workingDirectory: cwd,
            parentPID: parent, programIndex: index)
    }

    private static func number(
        _ text: UnsafeMutablePointer<CChar>, option: String, minimum: Int, maximum: Int = Int.max
    ) -> Int {
        var end: UnsafeMutablePointer<CChar>?
        errno = 0
        let value = strtoll(text, &end, 10)
        guard errno == 0, let end, end != text, end.pointee == 0, value >= minimum, value <= maximum else {
            usageError("\(option) expects a whole number from \(minimum), got '\(String(cString: text))'")
        }
        return Int(value)
    }

    /// `UID:GID[:GROUP,...]`, each a whole number.
    private static func userIDs(_ text: UnsafeMutablePointer<CChar>) -> UserIDs {
        let value = String(cString: text)
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        let groups = parts.count > 2 && !parts[2].isEmpty ? parts[2].split(separator: ",", omittingEmptySubsequences: false) : []
        guard (2...3).contains(parts.count), let uid = UInt32(parts[0]), let gid = UInt32(parts[1]),
              groups.allSatisfy({ UInt32($0) != nil }) else {
            usageError("--user expects UID:GID[:GROUP,...] in whole numbers, got '\(value)'")
        }
        return UserIDs(uid: uid, gid: gid, groups: groups.map { UInt32($0)! })
    }

    private static func usageError(_ reason: String) -> Never {
        Shim.fail("\(reason)\n\(usage)")
    }
}

/// The ids the child runs with (`--user`).
struct UserIDs {
    var uid: uid_t
    var gid: gid_t
    var groups: [gid_t]
}
