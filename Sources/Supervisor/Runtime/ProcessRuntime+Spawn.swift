import Glibc

extension ProcessRuntime {

    /// The shim's command line for `spec`, with `parent` as the process it dies with and
    /// `credentials` (the resolved `spec.user`) as `--user UID:GID[:GROUP,…]`: the shim is a
    /// static executable and looks nothing up itself.
    static func shimArguments(for spec: ProcessSpec, shimPath: String, parent: Int32, credentials: Credentials? = nil) -> [String] {
        var arguments = [
            shimPath,
            "--log", spec.logPath,
            "--log-max-bytes", String(spec.logMaxBytes),
            "--log-keep", String(spec.logKeep),
            "--cwd", spec.workingDirectory,
            "--parent-pid", String(parent),
        ]
        if let credentials {
            arguments += ["--user", credentials.shimArgument]
        }
        return arguments + ["--"] + spec.argv
    }

    /// Bad input is refused before anything is spawned, with a message naming what is wrong.
    /// - Returns: the credentials of `spec.user`, when it names one.
    func checkLaunchable(_ spec: ProcessSpec) throws(RuntimeError) -> Credentials? {
        func refuse(_ message: String, _ code: Int32? = nil) -> RuntimeError {
            RuntimeError(code: .launchFailed, message: message, errno: code)
        }
        if let container = spec.container {
            throw refuse("'\(container.image)' is a container image: containers are run by ContainerRuntime")
        }
        guard let program = spec.argv.first, !program.isEmpty else {
            throw refuse("no command to run")
        }
        guard access(shimPath, X_OK) == 0 else {
            let code = errno
            throw refuse(
                "cannot run the exec shim '\(shimPath)': \(String(cString: strerror(code))) (build it with `swift build`)",
                code)
        }
        let logDirectory = Self.directory(of: spec.logPath)
        guard access(logDirectory, W_OK | X_OK) == 0 else {
            let code = errno
            throw refuse(
                "cannot write the log of '\(program)' in '\(logDirectory)': \(String(cString: strerror(code)))", code)
        }
        var info = stat()
        guard stat(spec.workingDirectory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw refuse("the working directory '\(spec.workingDirectory)' of '\(program)' does not exist")
        }
        guard let user = spec.user else { return nil }
        guard let credentials = Credentials(user: user) else {
            throw refuse("cannot run '\(program)' as user '\(user)': no such user")
        }
        return credentials
    }

    /// The shim, cloned by the fork server or else spawned: stdin and stdout on /dev/null,
    /// stderr kept (where the shim reports a failure to set up before its log is open), every
    /// signal at its default and none blocked, a new session, `spec.environment` as the whole
    /// environment.
    func spawnShim(for spec: ProcessSpec, credentials: Credentials?) throws(RuntimeError) -> Int32 {
        let arguments = Self.shimArguments(for: spec, shimPath: shimPath, parent: getpid(), credentials: credentials)
        let environment = spec.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        if let pid = forkServer?.spawn(arguments: arguments, environment: environment) {
            return pid
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)

        let attributes = SpawnAttributes(.newSession)

        var pid: pid_t = 0
        let result = withCStringArray(arguments) { argv in
            withCStringArray(environment) { envp in
                posix_spawn(&pid, shimPath, &actions, &attributes.raw, argv, envp)
            }
        }
        guard result == 0 else {
            throw RuntimeError(
                code: .launchFailed,
                message: "cannot start '\(spec.argv[0])' through '\(shimPath)': \(String(cString: strerror(result)))",
                errno: result)
        }
        return pid
    }
}
