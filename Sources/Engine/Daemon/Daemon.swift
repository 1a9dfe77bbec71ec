import Foundation
import Logging
import Manifest
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import UnixSignals
import State
import Supervisor

/// The supervisor daemon of one environment: owns its processes, answers the control socket,
/// and stops everything in reverse dependency order on `down`, SIGTERM or SIGINT.
public enum Daemon {
    /// Runs until the environment is brought down. Returns the process exit code.
    /// - Parameter convergeAtStart: bring the environment up from its manifest at once, with this
    ///   process's environment as the variables (the `up` that started it has the same), without
    ///   waiting for its `POST /up`; that request then waits for this first converge.
    public static func run(project: Project, environment name: String, convergeAtStart: Bool = false) async throws -> Int32 {
        let paths = DaemonPaths(project: project, environment: name)
        try FileManager.default.createDirectory(atPath: paths.logs, withIntermediateDirectories: true)
        guard let lock = FileLock.tryAcquire(paths.daemonLock) else {
            FileHandle.standardError.write(Data("devenv daemon: another daemon already runs \(name)\n".utf8))
            return 3
        }
        var logger = Logger(label: "devenv.\(name)")
        logger.logLevel = .info
        let variables = ProcessInfo.processInfo.environment
        let runtime = ProcessRuntime()
        // What the first converge needs besides the state db, got ready meanwhile: the manifest
        // read and checked, the fork server started.
        let manifest = convergeAtStart ? Task.detached {
            runtime.prepare()
            return try ManifestLoader(project: project, processEnvironment: variables).load(name)
        } : nil
        let state = try StateStore(path: project.stateDatabase)
        // A broken manifest changes nothing here either; `up`, which checked it first, reports it.
        if let manifest, case .failure(let error) = await manifest.result {
            FileHandle.standardError.write(Data("devenv daemon: not starting \(name): \(ErrorText.describe(error))\n".utf8))
            return 2
        }
        let manifestPath = (try? project.manifestPath(for: name)) ?? "environments/\(name).yaml"
        try register(name, manifestPath: manifestPath, state: state)
        // The first /up sends the real manifest; until then the supervisor has nothing to run.
        let supervisor = EnvironmentSupervisor(
            project: project, environment: Environment(name: name),
            baseEnvironment: variables, state: state,
            runtime: runtime, logger: logger)
        supervisor.journal.write("mark what a lost daemon left as stopped") {
            try Leftovers.clean(environment: name, state: $0, logger: logger)
        }
        let shutdown = ShutdownTrigger()
        var api = ControlAPI(project: project, name: name, supervisor: supervisor, state: state, shutdown: shutdown)
        if let manifest {
            let first = api
            api.firstUp = Task { await first.converge(variables: variables, loaded: await manifest.result) }
        }
        let handler = api
        let control = ControlServer(socketPath: paths.controlSocket, logger: logger) { await handler.handle($0) }
        let group = ServiceGroup(configuration: .init(
            // Named here: by default each is named by `"\(service)"`, reflection over its whole state.
            services: [
                .init(service: SupervisorService(supervisor: supervisor), serviceName: "supervisor"),
                .init(service: control, serviceName: "control"),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        await shutdown.set(group)
        try await group.run()
        supervisor.journal.flushNow()
        supervisor.journal.write("record the daemon's end") {
            try $0.updateEnvironment(named: name) {
                $0.daemonPid = nil
                $0.daemonStartTime = nil
                $0.observedState = .stopped
            }
        }
        withExtendedLifetime(lock) {}
        return 0
    }

    /// Records this daemon as the environment's, in one transaction. A daemon recorded as running
    /// that is gone (pid and start time no longer match a living process) died without bringing
    /// the environment down: its history says so. What it left running is cleaned up next
    /// (`Leftovers`).
    private static func register(_ name: String, manifestPath: String, state: StateStore) throws {
        let pid = getpid()
        try state.registerDaemon(environment: name, manifestPath: manifestPath, pid: pid,
                                 startTime: ProcessIdentity.startTime(of: pid).map(Int64.init)) { previous, startTime in
            !(startTime.map { ProcessIdentity.isAlive(pid: previous, startTime: UInt64($0)) } ?? false)
        }
    }
}

/// Keeps the supervisor alive for the daemon's life; on shutdown, stops every service.
struct SupervisorService: ServiceLifecycle.Service {
    let supervisor: EnvironmentSupervisor

    func run() async throws {
        try? await gracefulShutdown()
        await supervisor.stopAll()
    }
}

/// Lets a control request (`down`) end the daemon's service group.
actor ShutdownTrigger {
    private var group: ServiceGroup?

    func set(_ group: ServiceGroup) {
        self.group = group
    }

    func trigger() async {
        await group?.triggerGracefulShutdown()
    }
}
