#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

extension ContainerRuntime {
    /// How waiting for a new container ended.
    enum StartWait: Equatable {
        /// Its main process runs, with this pid on the host.
        case running(Int32)
        /// The CLI has exited (refused, or the container already ended).
        case cliExited
        /// Neither, within ``startLimit`` (or the waiting task was cancelled).
        case stillStarting
    }

    /// Refuses an image that is not present locally, before anything starts. An image found
    /// once is not looked up again (30 ms a look-up).
    public func checkImage(_ image: String) async throws {
        if knownImages.withLock({ $0.contains(image) }) { return }
        let output = await cli.run(cli.imageExistsArguments(image))
        if output.succeeded {
            knownImages.withLock { _ = $0.insert(image) }
            return
        }
        if output.status == .exited(1) && (cli.kind == .podman || Self.saysImageMissing(output.stderr)) {
            throw imageMissing(image)
        }
        throw RuntimeError(
            code: .containerRefused,
            message: "\(cli.kind) cannot look up the image '\(image)': \(output.failure)")
    }

    func imageMissing(_ image: String) -> RuntimeError {
        RuntimeError(
            code: .imageMissing,
            message: "the image '\(image)' is not present locally (devenv never pulls): get it with "
                + "`\(cli.kind) pull \(image)`, `\(cli.kind) load -i FILE` or `\(cli.kind) import FILE \(image)`, "
                + "or build it")
    }

    /// The tool's message says the image is not there (podman: "image not known"; docker: "No such image").
    static func saysImageMissing(_ message: String) -> Bool {
        message.contains("image not known") || message.contains("No such image")
    }

    /// A fresh, empty path for podman's `--pidfile` of container `name`, in a private directory.
    func makePidFile(for name: String) throws -> String {
        if mkdir(scratchDirectory, 0o700) != 0 && errno != EEXIST {
            throw RuntimeError(
                code: .launchFailed,
                message: "cannot make the directory '\(scratchDirectory)': \(String(cString: strerror(errno)))", errno: errno)
        }
        let path = scratchDirectory + "/" + name + ".pid"
        unlink(path)
        return path
    }

    /// Waits, checking every 5 ms, until the container's main process is there (podman: its
    /// pid file; docker: `inspect`, every 50 ms) or the CLI has exited.
    func waitUntilRunning(_ handle: ProcessHandle) async -> StartWait {
        let deadline = ContinuousClock.now + startLimit
        var nextInspect = ContinuousClock.now
        while ContinuousClock.now < deadline, !Task.isCancelled {
            guard let container = containers.withLock({ $0[handle] }) else { return .cliExited }
            if let pidFile = container.pidFile {
                if let pid = Self.readPid(pidFile) { return .running(pid) }
            } else if ContinuousClock.now >= nextInspect {
                if let pid = inspectMainProcess(container) { return .running(pid) }
                nextInspect = .now + .milliseconds(50)
            }
            if !ProcessIdentity.isAlive(pid: handle.pid, startTime: handle.startTime) {
                // A pid written as the CLI ended still counts as started.
                if let pidFile = container.pidFile, let pid = Self.readPid(pidFile) { return .running(pid) }
                return .cliExited
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return .stillStarting
    }

    /// The main pid `inspect` reports for a running container; `nil` when it does not run.
    func inspectMainProcess(_ container: RunningContainer) -> Int32? {
        let output = cli.runBlocking(["inspect", "--format", "{{.State.Pid}}", container.name])
        guard output.succeeded, let pid = output.lines.first.flatMap({ Int32($0) }), pid > 0 else { return nil }
        return pid
    }

    /// The pid in `path`, once the file holds one.
    static func readPid(_ path: String) -> Int32? {
        let text = LogText.read(path, from: 0).trimmingCharacters
        guard let pid = Int32(text), pid > 0 else { return nil }
        return pid
    }
}

extension ContainerCLI {
    /// Exits 0 when the image is present locally, 1 when not.
    func imageExistsArguments(_ image: String) -> [String] {
        kind == .podman ? ["image", "exists", image] : ["image", "inspect", "--format", "{{.Id}}", image]
    }

    /// Removes the containers at once, running or not.
    func forceRemoveArguments(_ containers: [String]) -> [String] {
        (kind == .podman ? ["rm", "--force", "--time", "0"] : ["rm", "--force"]) + containers
    }
}
