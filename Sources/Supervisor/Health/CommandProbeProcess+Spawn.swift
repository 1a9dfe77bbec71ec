#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension CommandProbeProcess {
    /// `posix_spawn` of `/bin/sh -c command` in a new process group of its own, in
    /// `workingDirectory`, with `environment` as its whole environment, stdin on `/dev/null`,
    /// stdout and stderr into a pipe, every signal at its default and none blocked, and no
    /// other descriptor inherited.
    static func spawn(command: String, environment: [String], workingDirectory: String) throws(Failure)
        -> CommandProbeProcess
    {
        var info = stat()
        guard stat(workingDirectory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw Failure(message: "the working directory '\(workingDirectory)' does not exist")
        }
        guard let pipe = GNULibc.closeOnExecPipe() else {
            throw Failure(message: "cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        _ = fcntl(pipe.read, F_SETFL, fcntl(pipe.read, F_GETFL) | O_NONBLOCK)

        let actions = SpawnFileActions(stdout: pipe.write, stderr: pipe.write)
        var argv = ["/bin/sh", "-c", command]
        if let addChdir = GNULibc.addChdir {
            _ = addChdir(&actions.raw, workingDirectory)
        } else {
            argv = ["/bin/sh", "-c", #"cd -- "$0" && exec /bin/sh -c "$1""#, workingDirectory, command]
        }

        let attributes = SpawnAttributes(.newProcessGroup)

        var pid: pid_t = 0
        let result = withCStringArray(argv) { argv in
            withCStringArray(environment) { envp in
                posix_spawn(&pid, "/bin/sh", &actions.raw, &attributes.raw, argv, envp)
            }
        }
        close(pipe.write)
        guard result == 0 else {
            close(pipe.read)
            throw Failure(message: "cannot run /bin/sh: \(String(cString: strerror(result)))")
        }
        return CommandProbeProcess(pid: pid, output: pipe.read)
    }
}
