#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// Runs containers with podman or docker, beside local processes: a ``ProcessSpec`` with a
/// ``ProcessSpec/container`` is run as the CLI's foreground `run` of that container under the
/// process runtime's shim (so its output lands in the spec's log, the CLI dies with the daemon,
/// and the container's exit status is mirrored); any other spec is handed to the process runtime.
///
/// The verbs map onto the container tool: SIGSTOP and SIGCONT pause and unpause the container,
/// another signal is `kill --signal`, `stop` is the tool's `stop -t N` (or `kill`). The handle is
/// the shim's, as for a process; ``mainProcess(of:)`` is the container's own main process on the
/// host (what `status` shows as its `pid`).
public final class ContainerRuntime: Runtime {
    /// The container tool in use.
    public let cli: ContainerCLI
    /// What runs the CLI, and every spec that is not a container.
    public let processes: any Runtime
    let containers = Mutex<[ProcessHandle: RunningContainer]>([:])
    /// Images found present locally: not looked up again (an image removed since is reported
    /// when `run` refuses it).
    let knownImages = Mutex<Set<String>>([])
    /// The tool said it cannot freeze containers here (rootless podman on cgroup v1): pause by
    /// signals from then on without asking it again.
    let pausesBySignal = Mutex<Bool>(false)
    /// Where podman writes each container's main pid.
    let scratchDirectory: String
    /// How long `start` waits for a container to be running before it returns its handle anyway.
    let startLimit: Duration

    /// - Parameters:
    ///   - cli: the container tool (see ``ContainerCLI/detect(_:)``).
    ///   - processes: the runtime the CLI runs under, and any spec without a container.
    ///   - startLimit: how long `start` waits for the container to run (an image is unpacked
    ///     first; a large one takes a while); then its handle is returned all the same.
    public init(cli: ContainerCLI, processes: any Runtime, startLimit: Duration = .seconds(60)) {
        self.cli = cli
        self.processes = processes
        self.startLimit = startLimit
        self.scratchDirectory = (cli.environment["XDG_RUNTIME_DIR"].flatMap { access($0, W_OK) == 0 ? $0 : nil } ?? "/tmp")
            + "/devenv-containers-\(getuid())"
    }

    /// Starts `spec`'s container, and returns once it runs (its main process is there) or its
    /// CLI has exited: a container that starts and ends at once is an exit, not an error, and so
    /// is a command the container does not have (127, its reason in the log).
    /// - Throws: ``RuntimeError`` `imageMissing` when the image is not present locally (nothing
    ///   is started), `containerRefused` with the tool's own message when it refuses to create or
    ///   start the container, `launchFailed` as the process runtime throws it.
    public func start(_ spec: ProcessSpec) async throws -> ProcessHandle {
        guard let container = spec.container else { return try await processes.start(spec) }
        try await checkImage(container.image)
        let name = container.labels.containerName(token: UInt64.random(in: 0...UInt64.max))
        let pidFile = cli.kind == .podman ? try makePidFile(for: name) : nil
        let invocation = cli.runInvocation(container, name: name, pidFile: pidFile)
        var process = spec
        process.container = nil
        process.argv = invocation.argv
        process.environment = invocation.environment
        process.user = nil
        let logStart = LogText.size(of: spec.logPath)
        let handle = try await processes.start(process)
        containers.withLock { $0[handle] = RunningContainer(name: name, spec: container, pidFile: pidFile) }
        switch await waitUntilRunning(handle) {
        case .running(let pid):
            containers.withLock { $0[handle]?.mainProcess = pid }
        case .stillStarting:
            break
        case .cliExited:
            let status = await wait(handle)
            // 125: the tool's own error; 126: the OCI runtime's (no such user, no such workdir).
            if status == .exited(125) || status == .exited(126) {
                let said = LogText.messages(in: spec.logPath, from: logStart)
                _ = knownImages.withLock { $0.remove(container.image) }
                if Self.saysImageMissing(said) { throw imageMissing(container.image) }
                throw RuntimeError(
                    code: .containerRefused,
                    message: "\(cli.kind) refused to start the container of '\(container.labels.service)' "
                        + "(image '\(container.image)'): \(said.isEmpty ? "\(status)" : said)")
            }
        }
        return handle
    }

    /// Waits for the CLI to exit and returns its status (the container's, mirrored). A container
    /// whose CLI was killed while it ran is removed then.
    public func wait(_ handle: ProcessHandle) async -> ExitStatus {
        let status = await processes.wait(handle)
        guard let container = containers.withLock({ $0.removeValue(forKey: handle) }) else { return status }
        if let pidFile = container.pidFile { unlink(pidFile) }
        if case .signaled = status {
            _ = await cli.run(cli.forceRemoveArguments([container.name]))
        }
        return status
    }

    /// The container's main process on the host, `nil` when it is not (or no longer) running or
    /// `handle` is not a container's.
    public func mainProcess(of handle: ProcessHandle) -> Int32? {
        guard let container = containers.withLock({ $0[handle] }) else { return nil }
        if let pid = container.mainProcess, ProcStat(pid: pid)?.isLive == true { return pid }
        guard let pid = inspectMainProcess(container) else { return nil }
        containers.withLock { $0[handle]?.mainProcess = pid }
        return pid
    }

    /// The main process of each running container whose CLI runs under one of `shims` (the
    /// handles' pids), keyed by shim pid: the container counterpart of
    /// ``ServiceProcess/pids(underShims:)``. Shims that are not containers' are absent.
    public func mainProcesses(underShims shims: [Int32]) -> [Int32: Int32] {
        let handles = containers.withLock { containers in containers.keys.filter { shims.contains($0.pid) } }
        var found: [Int32: Int32] = [:]
        for handle in handles {
            if let pid = mainProcess(of: handle) { found[handle.pid] = pid }
        }
        return found
    }

    /// The name of the container `handle` runs, `nil` for a handle that is not a container's.
    public func containerName(of handle: ProcessHandle) -> String? {
        containers.withLock { $0[handle]?.name }
    }
}

/// A container this runtime started, while its CLI runs.
struct RunningContainer: Sendable {
    var name: String
    var spec: ContainerSpec
    var pidFile: String?
    var mainProcess: Int32?
    /// How it is paused, when it is.
    var paused: Pause?

    enum Pause: Sendable {
        /// The tool's `pause` (the cgroup freezer).
        case byRuntime
        /// SIGSTOP to each of its processes, where the tool cannot pause it (rootless podman
        /// on cgroup v1).
        case bySignal
    }
}

extension ContainerRuntime {
    /// Removes every container of the environment, running or not, as
    /// ``ContainerCLI/removeContainers(root:environment:)`` does, and the pid files podman wrote
    /// for them: at a daemon's start (what a killed one left) and at `down`.
    /// - Returns: what was removed.
    @discardableResult
    public func removeContainers(root: String, environment: String) async throws -> [LabelledContainer] {
        let removed = try await cli.removeContainers(root: root, environment: environment)
        for container in removed { unlink(scratchDirectory + "/" + container.name + ".pid") }
        return removed
    }
}
