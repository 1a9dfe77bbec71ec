import Vocabulary

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The state machine of one replica: start, restart with backoff, pause, liveness restarts, stop.
///
/// It does no I/O and reads no clock. The caller feeds it events — what it asked for
/// (``start()``, ``stop()``, ``pause()``), what the runtime reported (``spawned(pid:)``,
/// ``exited(_:ranFor:)``), what a timer or probe said — and performs the ``Action`` each event
/// returns. Events that make no sense in the current state return ``Action/none``, so a stale timer
/// or a duplicate report is harmless.
///
/// A replica has at most one timer, either a restart delay or a stop timeout.
/// ``Action/scheduleRestart(after:)`` and ``Action/stopGroup(signal:timeout:wasPaused:)`` arm it;
/// ``Action/spawn`` and ``Action/cancelTimer`` cancel it.
///
/// The states it reports are the contract's (``ReplicaState``): a replica that crashed and waits
/// for its next restart is `crashed` (its ``restarts`` counting up), and `running` again once
/// respawned; a replica being stopped is `running` until its process exits.
public struct ReplicaLifecycle: Sendable, Hashable {
    /// How the replica is run: its kind, restart policy, backoff and stop behaviour.
    public struct Configuration: Sendable, Hashable {
        /// A long-running service, or a job that runs to completion.
        public var kind: ServiceKind
        /// When an exited process is started again.
        public var restart: RestartPolicy
        /// The delays between automatic restarts.
        public var backoff: Backoff.Configuration
        /// The signal ``ReplicaLifecycle/stop()`` and liveness restarts send first.
        public var stopSignal: Int32
        /// How long a stop waits after ``stopSignal`` before sending SIGKILL.
        public var stopTimeout: Duration
        /// After this many automatic restarts the replica stays down; `nil` for no limit.
        public var maxRestarts: Int?

        /// Creates a configuration; the defaults are a service, `restart: no`, the default
        /// backoff, SIGTERM with a 10 s timeout, and no restart limit.
        public init(
            kind: ServiceKind = .service,
            restart: RestartPolicy = .no,
            backoff: Backoff.Configuration = Backoff.Configuration(),
            stopSignal: Int32 = SIGTERM,
            stopTimeout: Duration = .seconds(10),
            maxRestarts: Int? = nil
        ) {
            self.kind = kind
            self.restart = restart
            self.backoff = backoff
            self.stopSignal = stopSignal
            self.stopTimeout = stopTimeout
            self.maxRestarts = maxRestarts
        }
    }

    /// A stop asked for while the process was still being launched.
    struct StopRequest: Sendable, Hashable {
        var signal: Int32
        var timeout: Duration
    }

    /// The detailed state; ``state`` is what is reported.
    enum Phase: Sendable, Hashable {
        /// Never started.
        case idle
        /// Launching; a stop asked for meanwhile is carried out once the pid is known.
        case spawning(pendingStop: StopRequest?)
        case running(pid: Int32)
        case paused(pid: Int32)
        /// Signalled and waiting for the exit; then settle as stopped, or spawn again (liveness).
        case stopping(pid: Int32, respawn: Bool, killed: Bool)
        /// Exited and waiting for the restart timer.
        case waitingToRestart(afterFailure: Bool)
        /// Paused while waiting to restart: the timer is cancelled, ``resume()`` spawns.
        case restartHeld(afterFailure: Bool)
        case exited
        case crashed
        case stopped
    }

    /// How the replica is run.
    public let configuration: Configuration
    /// The delays between automatic restarts, and where in them the replica is.
    public private(set) var backoff: Backoff
    /// How many times the replica was restarted automatically (after an exit, or a failed liveness check).
    public private(set) var restarts: Int = 0
    /// How its last process ended, if one did.
    public private(set) var lastExit: ExitStatus?
    /// Why its last launch failed, if it did; cleared once a process launches or exits.
    public internal(set) var launchFailure: String?
    /// The health last recorded with ``healthChanged(_:)``; ``Health/unknown`` whenever no process runs.
    public internal(set) var health: Health = .unknown
    var phase: Phase = .idle

    /// Creates the lifecycle of a replica that has not been started; its state is `stopped`.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.backoff = Backoff(configuration: configuration.backoff)
    }

    /// The state to report.
    public var state: ReplicaState {
        switch phase {
        case .idle, .stopped: .stopped
        case .spawning: .starting
        case .running, .stopping: .running
        case .paused, .restartHeld: .paused
        case .waitingToRestart(let afterFailure): afterFailure ? .crashed : .starting
        case .exited: .exited
        case .crashed: .crashed
        }
    }

    /// The pid of the live process, if there is one.
    public var pid: Int32? {
        switch phase {
        case .running(let pid), .paused(let pid), .stopping(let pid, _, _): pid
        default: nil
        }
    }

    /// Whether a restart is scheduled or held (a crashed replica that will come back).
    public var restartPending: Bool {
        switch phase {
        case .waitingToRestart, .restartHeld: true
        default: false
        }
    }

    /// Everything about the replica that `status` shows and dependents wait on.
    public var status: ReplicaStatus {
        ReplicaStatus(
            state: state,
            pid: pid,
            health: health,
            restarts: restarts,
            lastExit: lastExit,
            launchFailure: launchFailure,
            restartPending: restartPending
        )
    }

    /// Whether another automatic restart is allowed by ``Configuration/maxRestarts``.
    var mayRestart: Bool {
        configuration.maxRestarts.map { restarts < $0 } ?? true
    }

    /// Starts the backoff over, for an explicit start.
    mutating func resetBackoff() {
        backoff.reset()
    }

    /// Hands out the next restart delay, starting over after a stable run.
    mutating func restartDelay(afterRunning ranFor: Duration) -> Duration {
        if backoff.isStableRun(ranFor) {
            backoff.reset()
        }
        return backoff.nextDelay()
    }

    /// Counts an automatic restart.
    mutating func countRestart() {
        restarts += 1
    }

    /// Records how the last process ended (or that it could not be launched).
    mutating func record(exit: ExitStatus?, launchFailure: String?) {
        if let exit { lastExit = exit }
        self.launchFailure = launchFailure
        health = .unknown
    }
}
