import Glibc

/// Runs each process as a local process group under `devenv-shim`, the tiny exec shim that
/// leads the group, dies with the daemon (taking the group with it), drops privileges, writes
/// the timestamped, rotated log and mirrors the child's exit status.
///
/// A shim is cloned by the runtime's ``ForkServer``, or else `posix_spawn`ed, with the spec's
/// environment; each process's exit is waited for by the process's `ExitWatcher` thread (see
/// `ChildReaper`), asleep until one exits, so idle supervision costs no CPU.
public final class ProcessRuntime: Runtime {
    /// The `devenv-shim` executable this runtime spawns.
    public let shimPath: String
    private let clock: any Clock<Duration>
    private let reaper = ChildReaper()
    /// Clones shims instead of spawning them (see ``ForkServer``); `nil`: every shim is spawned.
    let forkServer: ForkServer?

    /// - Parameters:
    ///   - shimPath: the `devenv-shim` executable; by default ``defaultShimPath``.
    ///   - clock: the clock `stop` measures its grace period with.
    ///   - forkServer: whether shims are cloned by a fork server (the fast way) rather than each
    ///     spawned; spawning stays the fallback either way.
    public init(shimPath: String? = nil, clock: any Clock<Duration> = ContinuousClock(), forkServer: Bool = true) {
        let shimPath = shimPath ?? Self.defaultShimPath
        self.shimPath = shimPath
        self.clock = clock
        self.forkServer = forkServer ? ForkServer(shimPath: shimPath) : nil
    }

    /// `devenv-shim` in the directory of the running executable (`/proc/self/exe`), where
    /// `swift build` puts it beside `devenv`.
    public static var defaultShimPath: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return "devenv-shim" }
        let executable = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return directory(of: executable) + "/devenv-shim"
    }

    /// Starts the fork server now rather than at the first `start`, off the caller's critical
    /// path (its exec overlaps whatever the caller does next).
    public func prepare() {
        forkServer?.prepare()
    }

    public func start(_ spec: ProcessSpec) async throws -> ProcessHandle {
        let credentials = try checkLaunchable(spec)
        let pid = try spawnShim(for: spec, credentials: credentials)
        // Not reaped yet, so the pid is still ours and its stat is there, zombie or not.
        let handle = ProcessHandle(pid: pid, startTime: ProcessIdentity.startTime(of: pid) ?? 0)
        do {
            try reaper.watchChild(handle)
        } catch {
            kill(-pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            throw error
        }
        return handle
    }

    /// Waits for the process to exit. Not cancellable: it returns when the process has exited.
    /// A handle this runtime did not start (one restored from the state db) has no status to
    /// collect: `wait` returns when it is gone, with ``ExitStatus/signaled(_:)`` SIGKILL.
    public func wait(_ handle: ProcessHandle) async -> ExitStatus {
        await reaper.status(of: handle)
    }

    ///
    /// SIGSTOP and SIGCONT freeze and thaw the whole process tree: descendants that made a group or
    /// session of their own (Postgres's backends each do) are signalled too.
    public func signal(_ handle: ProcessHandle, _ signal: Int32) throws {
        var failure: Int32 = 0
        let wholeTree = signal == SIGSTOP || signal == SIGCONT
        switch reaper.whileRunning(handle, {
            failure = kill(-handle.pid, signal) == 0 ? 0 : errno
            if failure == 0, wholeTree { Self.signalDescendants(of: handle.pid, signal) }
        }) {
        case .running where failure == 0:
            return
        case .running where failure != ESRCH:
            throw RuntimeError(
                code: .signalFailed,
                message:
                    "cannot send signal \(signal) to process group \(handle.pid): \(String(cString: strerror(failure)))",
                errno: failure)
        case .running, .exited:
            throw notRunning(handle)
        case .unknown:
            guard ProcessIdentity.killGroup(pid: handle.pid, startTime: handle.startTime, signal: signal) else {
                throw notRunning(handle)
            }
        }
    }

    /// Signals every live descendant of `root` that is not in `root`'s own process group.
    static func signalDescendants(of root: Int32, _ signal: Int32) {
        let processes = ProcStat.all()
        var children: [Int32: [ProcStat]] = [:]
        for process in processes where process.isLive { children[process.parent, default: []].append(process) }
        var pending = children[root] ?? []
        while let process = pending.popLast() {
            if process.processGroup != root { kill(process.pid, signal) }
            pending += children[process.pid] ?? []
        }
    }

    /// Sends `teardown.signal` to the group, waits up to `teardown.grace` for the exit, then
    /// SIGKILLs the group. A paused (SIGSTOPped) group is continued right after the signal, so
    /// it can act on it. If the calling task is cancelled, the SIGKILL comes at once.
    public func stop(_ handle: ProcessHandle, teardown: Teardown) async -> ExitStatus {
        try? signal(handle, teardown.signal)
        try? signal(handle, SIGCONT)
        let clock = self.clock
        return await withTaskGroup(of: ExitStatus?.self) { group in
            group.addTask { await self.wait(handle) }
            group.addTask {
                try? await clock.sleep(for: teardown.grace)
                return nil
            }
            while let result = await group.next() {
                if let status = result {
                    group.cancelAll()
                    return status
                }
                try? signal(handle, SIGKILL)
            }
            return await wait(handle)
        }
    }

    private func notRunning(_ handle: ProcessHandle) -> RuntimeError {
        RuntimeError(code: .notRunning, message: "process \(handle.pid) is not running", errno: ESRCH)
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
