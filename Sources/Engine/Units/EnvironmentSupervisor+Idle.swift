import Foundation
import Manifest
import Router
import Scheduler
import State
import Vocabulary

extension EnvironmentSupervisor {
    /// Watches the router for `idle_sleep`: with no routed request and nothing open (requests in
    /// flight, WebSockets) for that long, the environment sleeps as `schedule.asleep` says
    /// (pause by default), with cause `idle`. Checked on the injected clock, a quarter of the
    /// limit apart (at most a second).
    func watchIdle() {
        idleWatch?.cancel()
        idleWatch = nil
        guard let limit = environment.idleSleep, let router else { return }
        let clock = self.clock
        let every = min(limit / 4, .seconds(1))
        idleWatch = Task {
            while !Task.isCancelled {
                do { try await clock.sleep(for: every) } catch { return }
                if router.idle >= limit { await self.idleExpired() }
            }
        }
    }

    /// `wake_on_request`: a request routed to the environment while it is paused or asleep wakes
    /// it (cause `request`); the router holds the request meanwhile.
    func listenForWakeRequests() {
        guard let router else { return }
        guard environment.wakeOnRequest else { return router.setWakeOnRequest(nil) }
        router.setWakeOnRequest { [weak self] in
            Task { await self?.wake(cause: .request) }
        }
    }

    private func idleExpired() async {
        guard !isPaused, !asleep, observedState() == .running else { return }
        switch environment.schedule?.asleep ?? .pause {
        case .pause: await pause(cause: .idle)
        case .sleep: await sleep(cause: .idle)
        }
    }
}
