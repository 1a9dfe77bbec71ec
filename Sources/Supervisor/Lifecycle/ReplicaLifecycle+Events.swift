import Vocabulary

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension ReplicaLifecycle {
    /// Starts the replica: from stopped, exited or crashed, or at once while it waits to restart.
    ///
    /// An explicit start begins the backoff afresh and does not count as a restart.
    /// - Returns: ``Action/spawn``, or ``Action/none`` when a process is already live or launching.
    public mutating func start() -> Action {
        switch phase {
        case .idle, .exited, .crashed, .stopped, .waitingToRestart, .restartHeld:
            resetBackoff()
            phase = .spawning(pendingStop: nil)
            return .spawn
        case .spawning, .running, .paused, .stopping:
            return .none
        }
    }

    /// The runtime launched the process.
    /// - Returns: ``Action/stopGroup(signal:timeout:wasPaused:)`` when a stop was asked for meanwhile.
    public mutating func spawned(pid: Int32) -> Action {
        guard case .spawning(let pendingStop) = phase else { return .none }
        launchFailure = nil
        guard let pendingStop else {
            phase = .running(pid: pid)
            return .none
        }
        phase = .stopping(pid: pid, respawn: false, killed: false)
        return .stopGroup(signal: pendingStop.signal, timeout: pendingStop.timeout, wasPaused: false)
    }

    /// The runtime could not launch the process (missing binary, bad working directory, …).
    ///
    /// Counts as a failure: the replica waits to restart when its policy restarts failures, and
    /// is crashed otherwise (stopped, when a stop was asked for meanwhile).
    public mutating func spawnFailed(message: String) -> Action {
        guard case .spawning(let pendingStop) = phase else { return .none }
        record(exit: nil, launchFailure: message)
        if pendingStop != nil {
            phase = .stopped
            return .none
        }
        guard configuration.restart != .no, mayRestart else {
            phase = .crashed
            return .none
        }
        phase = .waitingToRestart(afterFailure: true)
        return .scheduleRestart(after: restartDelay(afterRunning: .zero))
    }

    /// Records the health the replica's ``HealthTracker`` reported; ignored when no process is live.
    public mutating func healthChanged(_ health: Health) {
        switch phase {
        case .running, .paused, .stopping: self.health = health
        default: break
        }
    }

    /// The health probe failed `retries` times in a row: restart the process, when the policy
    /// restarts at all (with `restart: no` the replica keeps running, unhealthy).
    /// - Returns: ``Action/stopGroup(signal:timeout:wasPaused:)``; the exit that follows spawns again.
    public mutating func livenessFailed() -> Action {
        guard case .running(let pid) = phase else { return .none }
        health = .unhealthy
        guard configuration.restart != .no, mayRestart else { return .none }
        phase = .stopping(pid: pid, respawn: true, killed: false)
        return .stopGroup(signal: configuration.stopSignal, timeout: configuration.stopTimeout, wasPaused: false)
    }

    /// The process exited.
    /// - Parameters:
    ///   - status: How it ended.
    ///   - ranFor: How long it ran; a run of at least `backoff.resetAfter` starts the backoff over.
    /// - Returns: ``Action/scheduleRestart(after:)`` when the policy restarts after this exit;
    ///   ``Action/spawn`` after a liveness restart's stop; ``Action/cancelTimer`` after a stop.
    public mutating func exited(_ status: ExitStatus, ranFor: Duration) -> Action {
        switch phase {
        case .stopping(_, let respawn, _):
            record(exit: status, launchFailure: nil)
            if respawn {
                countRestart()
                phase = .spawning(pendingStop: nil)
                return .spawn
            }
            phase = .stopped
            return .cancelTimer
        case .spawning(.some):
            record(exit: status, launchFailure: nil)
            phase = .stopped
            return .none
        case .spawning(nil), .running, .paused:
            record(exit: status, launchFailure: nil)
            if configuration.restart.restarts(after: status, kind: configuration.kind), mayRestart {
                phase = .waitingToRestart(afterFailure: !status.isSuccess)
                return .scheduleRestart(after: restartDelay(afterRunning: ranFor))
            }
            phase = status.isSuccess ? .exited : .crashed
            return .none
        case .idle, .waitingToRestart, .restartHeld, .exited, .crashed, .stopped:
            return .none
        }
    }

    /// The restart delay is over.
    /// - Returns: ``Action/spawn`` (counting a restart) when the replica still waits to restart.
    public mutating func restartTimerFired() -> Action {
        guard case .waitingToRestart = phase else { return .none }
        countRestart()
        phase = .spawning(pendingStop: nil)
        return .spawn
    }

    /// Stops the replica with its configured stop signal and timeout.
    public mutating func stop() -> Action {
        stop(signal: configuration.stopSignal, timeout: configuration.stopTimeout)
    }

    /// Stops the replica: signal its process group, then SIGKILL after `timeout`.
    ///
    /// A pending restart is cancelled; a replica with no process becomes stopped at once.
    /// - Returns: ``Action/stopGroup(signal:timeout:wasPaused:)`` for a live process,
    ///   ``Action/cancelTimer`` for a pending restart, otherwise ``Action/none``.
    public mutating func stop(signal: Int32, timeout: Duration) -> Action {
        switch phase {
        case .idle, .exited, .crashed, .restartHeld:
            phase = .stopped
            return .none
        case .stopped:
            return .none
        case .waitingToRestart:
            phase = .stopped
            return .cancelTimer
        case .spawning(nil):
            phase = .spawning(pendingStop: StopRequest(signal: signal, timeout: timeout))
            return .none
        case .spawning:
            return .none
        case .running(let pid), .paused(let pid):
            let wasPaused = phase == .paused(pid: pid)
            phase = .stopping(pid: pid, respawn: false, killed: false)
            return .stopGroup(signal: signal, timeout: timeout, wasPaused: wasPaused)
        case .stopping(let pid, _, let killed):
            phase = .stopping(pid: pid, respawn: false, killed: killed)
            return .none
        }
    }

    /// The stop timeout is over and the process has not exited.
    /// - Returns: ``Action/signalGroup(_:)`` with SIGKILL, once per stop.
    public mutating func stopTimeoutFired() -> Action {
        guard case .stopping(let pid, let respawn, false) = phase else { return .none }
        phase = .stopping(pid: pid, respawn: respawn, killed: true)
        return .signalGroup(SIGKILL)
    }

    /// Freezes the replica's process group, or holds its pending restart.
    /// - Returns: ``Action/signalGroup(_:)`` with SIGSTOP, or ``Action/cancelTimer`` for a pending restart.
    public mutating func pause() -> Action {
        switch phase {
        case .running(let pid):
            phase = .paused(pid: pid)
            return .signalGroup(SIGSTOP)
        case .waitingToRestart(let afterFailure):
            phase = .restartHeld(afterFailure: afterFailure)
            return .cancelTimer
        default:
            return .none
        }
    }

    /// Thaws a paused replica, or carries out a held restart.
    /// - Returns: ``Action/signalGroup(_:)`` with SIGCONT, or ``Action/spawn`` (counting a restart).
    public mutating func resume() -> Action {
        switch phase {
        case .paused(let pid):
            phase = .running(pid: pid)
            return .signalGroup(SIGCONT)
        case .restartHeld:
            countRestart()
            phase = .spawning(pendingStop: nil)
            return .spawn
        default:
            return .none
        }
    }
}
