#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

extension ContainerRuntime {
    /// Signals a container through its tool, or a process's group through the process runtime.
    ///
    /// SIGSTOP pauses the container (`pause`; where the tool cannot — rootless podman on cgroup
    /// v1 — each of its processes is sent SIGSTOP instead) and SIGCONT unpauses it (nothing when
    /// it is not paused); SIGKILL is the tool's `kill`; any other signal is `kill --signal`,
    /// after unpausing a paused container so it can act on it. Blocks for the tool's run (tens
    /// of milliseconds).
    /// - Throws: ``RuntimeError`` `notRunning` when the CLI has exited, `signalFailed` with the
    ///   tool's message when it refuses.
    public func signal(_ handle: ProcessHandle, _ signal: Int32) throws {
        guard let container = containers.withLock({ $0[handle] }) else {
            return try processes.signal(handle, signal)
        }
        switch signal {
        case SIGSTOP:
            guard container.paused == nil else { return }
            try pause(handle, container)
        case SIGCONT:
            try unpause(handle, container)
        default:
            if signal != SIGKILL { try unpause(handle, container) }
            let output = cli.runBlocking(Self.killArguments(container.name, signal))
            guard !output.succeeded else { return }
            // Not created yet, or already gone: the CLI's group takes the signal (podman proxies
            // it to the container, or ends).
            try processes.signal(handle, signal)
        }
    }

    /// Stops the container: the tool's `stop -t N` when `teardown.signal` is the container's
    /// stop signal, `kill` for SIGKILL, else that signal and after the grace period `kill`; then
    /// waits for its CLI to exit (killing the CLI's group if it has not 10 s later).
    public func stop(_ handle: ProcessHandle, teardown: Teardown) async -> ExitStatus {
        guard let container = containers.withLock({ $0[handle] }) else {
            return await processes.stop(handle, teardown: teardown)
        }
        try? unpause(handle, container)
        let told: CommandOutput
        if teardown.signal == SIGKILL || teardown.grace == .zero {
            told = await cli.run(Self.killArguments(container.name, SIGKILL))
        } else if teardown.signal == container.spec.stopSignal {
            let seconds = ContainerCLI.wholeSeconds(teardown.grace)
            told = await cli.run(["stop", "--time", String(seconds), container.name])
        } else {
            told = await cli.run(Self.killArguments(container.name, teardown.signal))
            if told.succeeded, await exited(handle, within: teardown.grace) == nil {
                _ = await cli.run(Self.killArguments(container.name, SIGKILL))
            }
        }
        if !told.succeeded {
            // No container to tell (not created yet, or gone): stop the CLI's group as a process's.
            _ = await processes.stop(handle, teardown: teardown)
            return await wait(handle)
        }
        if let status = await exited(handle, within: .seconds(10)) { return status }
        try? processes.signal(handle, SIGKILL)
        return await wait(handle)
    }

    /// The CLI's exit status if it exits within `limit`.
    func exited(_ handle: ProcessHandle, within limit: Duration) async -> ExitStatus? {
        let deadline = ContinuousClock.now + limit
        while ProcessIdentity.isAlive(pid: handle.pid, startTime: handle.startTime) {
            guard ContinuousClock.now < deadline else { return nil }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return await wait(handle)
    }

    private func pause(_ handle: ProcessHandle, _ container: RunningContainer) throws {
        var output = CommandOutput(status: .exited(0))
        if !pausesBySignal.withLock({ $0 }) {
            output = cli.runBlocking(["pause", container.name])
            if output.succeeded {
                containers.withLock { $0[handle]?.paused = .byRuntime }
                return
            }
            if Self.cannotFreeze(output) { pausesBySignal.withLock { $0 = true } }
        }
        if pausesBySignal.withLock({ $0 }), let root = mainProcess(of: handle) {
            Self.signalTree(root, SIGSTOP)
            containers.withLock { $0[handle]?.paused = .bySignal }
            return
        }
        throw refusal(handle, container, "pause", output)
    }

    private func unpause(_ handle: ProcessHandle, _ container: RunningContainer) throws {
        switch container.paused {
        case nil:
            return
        case .bySignal:
            if let root = container.mainProcess { Self.signalTree(root, SIGCONT) }
        case .byRuntime:
            let output = cli.runBlocking(["unpause", container.name])
            guard output.succeeded else { throw refusal(handle, container, "unpause", output) }
        }
        containers.withLock { $0[handle]?.paused = nil }
    }

    private func refusal(_ handle: ProcessHandle, _ container: RunningContainer, _ verb: String,
                         _ output: CommandOutput) -> RuntimeError {
        guard ProcessIdentity.isAlive(pid: handle.pid, startTime: handle.startTime) else {
            return RuntimeError(code: .notRunning, message: "container \(container.name) is not running", errno: ESRCH)
        }
        return RuntimeError(code: .signalFailed,
                            message: "\(cli.kind) cannot \(verb) container \(container.name): \(output.failure)")
    }

    /// The tool says it cannot freeze this container: rootless on cgroup v1, which gives it no
    /// cgroup of its own.
    static func cannotFreeze(_ output: CommandOutput) -> Bool {
        let said = output.stderr.lowercased()
        return said.contains("rootless") && (said.contains("cgroup v1") || said.contains("cgroupv1")
            || said.contains("does not have a cgroup"))
    }

    /// Sends `signal` to `root` and every live descendant of it.
    static func signalTree(_ root: Int32, _ signal: Int32) {
        kill(root, signal)
        var children: [Int32: [Int32]] = [:]
        for process in ProcStat.all() where process.isLive { children[process.parent, default: []].append(process.pid) }
        var pending = children[root] ?? []
        while let pid = pending.popLast() {
            kill(pid, signal)
            pending += children[pid] ?? []
        }
    }

    static func killArguments(_ name: String, _ signal: Int32) -> [String] {
        ["kill", "--signal", ExitStatus.signalName(signal).map { "SIG" + $0 } ?? String(signal), name]
    }
}
