// devenv-shim: the minimal parent between the devenv daemon and one child.
//
// It leads a new session and process group, dies with its parent (taking the whole group
// with it), runs PROGRAM as a child with stdout+stderr on a pipe, writes that output to a
// rotated log with a UTC timestamp per line, outlives the stop signals sent to its group so it
// captures the child's last words, and finally mirrors the child's exit status. Glibc only:
// forty of these run at once, so it stays small, and idle it sleeps in poll(2).
import Glibc

let argv = CommandLine.unsafeArgv
let options = ShimOptions.parse(argc: Int(CommandLine.argc), argv: argv)
let parent = options.parentPID ?? getppid()

// A new session, so the group is ours alone; the daemon may have made one for us already.
if getpgrp() != getpid() && setsid() < 0 {
    Shim.fail("cannot start a new session: \(Shim.describe(errno: errno))")
}
FileDescriptors.closeInherited()

var wakeFDs: [Int32] = [-1, -1]
var outputFDs: [Int32] = [-1, -1]
guard pipe(&wakeFDs) == 0, pipe(&outputFDs) == 0 else {
    Shim.fail("cannot create a pipe: \(Shim.describe(errno: errno))")
}
for fd in wakeFDs {
    _ = fcntl(fd, F_SETFL, O_NONBLOCK)
}
for fd in wakeFDs + [outputFDs[0]] {
    _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
}
ShimSignals.install(wakeFD: wakeFDs[1], parent: parent)
ShimSignals.armParentDeath()

var log: LogWriter
do {
    log = try LogWriter(path: options.logPath, maxBytes: options.logMaxBytes, keep: options.logKeep)
} catch {
    Shim.fail("cannot open log '\(String(cString: options.logPath))': \(Shim.describe(errno: error.code))")
}

let child = fork()
if child < 0 {
    Shim.fail("cannot fork: \(Shim.describe(errno: errno))")
}
if child == 0 {
    ChildLaunch.run(options, outputFD: outputFDs[1], argv: argv)
}
close(outputFDs[1])

let status = Supervision.run(child: child, outputFD: outputFDs[0], wakeFD: wakeFDs[0], log: &log)
// Whatever the child left behind in the group goes with it.
ProcessGroup.killMembers(of: getpid(), except: getpid())
Supervision.drain(outputFDs[0], into: &log)
log.finish()
Supervision.mirror(status)
