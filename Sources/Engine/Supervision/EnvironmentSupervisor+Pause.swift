extension EnvironmentSupervisor {
    /// Why a pause, resume, sleep or wake happened: the event names it.
    public enum Cause: String, Sendable {
        case cli, schedule, idle, request
    }

    /// Freezes every unit (`Dormancy.pause`).
    public func pause(cause: Cause) async { await dormancy.pause(cause: cause) }

    /// Thaws every unit, or wakes a sleeping environment (`Dormancy.resume`).
    public func resume(cause: Cause) async { await dormancy.resume(cause: cause) }

    /// Ends every unit, the daemon and router living on (`Dormancy.sleep`).
    public func sleep(cause: Cause) async { await dormancy.sleep(cause: cause) }

    /// Starts every unit again, or resumes a paused environment (`Dormancy.wake`).
    public func wake(cause: Cause) async { await dormancy.wake(cause: cause) }

    func keepClockwork(scheduleChanged: Bool) {
        clockwork.keep(environment, router: router, scheduleChanged: scheduleChanged, clock: clock, wallClock: wallClock, for: self)
    }
}
