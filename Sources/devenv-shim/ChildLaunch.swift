import Glibc

/// What the forked child does before it becomes PROGRAM: output onto the pipe, stdin from
/// /dev/null, default signals, working directory, privileges, exec. It never returns.
enum ChildLaunch {
    static func run(
        _ options: ShimOptions, outputFD: Int32, argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    ) -> Never {
        ShimSignals.resetForExec()
        let null = open("/dev/null", O_RDONLY)
        if null >= 0 {
            dup2(null, STDIN_FILENO)
            if null != STDIN_FILENO { close(null) }
        } else {
            close(STDIN_FILENO)
        }
        dup2(outputFD, STDOUT_FILENO)
        dup2(outputFD, STDERR_FILENO)
        if outputFD > STDERR_FILENO { close(outputFD) }

        if let directory = options.workingDirectory, chdir(directory) != 0 {
            failBeforeExec("cannot change to directory '\(String(cString: directory))': \(Shim.describe(errno: errno))")
        }
        if let user = options.user {
            dropPrivileges(to: user)
        }
        let program = argv[options.programIndex]!
        execvp(program, argv + options.programIndex)
        let code = errno
        Shim.say("cannot run '\(String(cString: program))': \(Shim.describe(errno: code))", to: STDERR_FILENO)
        _exit(code == ENOENT || code == ENOTDIR ? Shim.notFoundStatus : Shim.notExecutableStatus)
    }

    /// setgroups, setgid, setuid: in this order, since each needs the privilege the next drops.
    private static func dropPrivileges(to user: UserIDs) {
        let groups = user.groups.withUnsafeBufferPointer { setgroups($0.count, $0.baseAddress) }
        if groups != 0 {
            failBeforeExec("cannot set the supplementary groups \(user.groups): \(Shim.describe(errno: errno))")
        }
        if setgid(user.gid) != 0 {
            failBeforeExec("cannot set group id \(user.gid): \(Shim.describe(errno: errno))")
        }
        if setuid(user.uid) != 0 {
            failBeforeExec("cannot set user id \(user.uid): \(Shim.describe(errno: errno))")
        }
    }

    /// The message goes to the log through the pipe; the shim then exits 125 as its child did.
    private static func failBeforeExec(_ message: String) -> Never {
        Shim.say(message, to: STDERR_FILENO)
        _exit(Shim.failureStatus)
    }
}
