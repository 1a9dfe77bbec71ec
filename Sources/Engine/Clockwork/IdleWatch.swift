import Router

/// Watches the router for `idle_sleep`: with no routed request and nothing open (requests in
/// flight, WebSockets) for `limit`, it calls `expired`. Checked on the injected clock, a quarter
/// of the limit apart (at most a second).
enum IdleWatch {
    static func watch(_ router: Router, limit: Duration, clock: any Clock<Duration>,
                      expired: @escaping @Sendable () async -> Void) -> Task<Void, Never> {
        let every = min(limit / 4, .seconds(1))
        return Task {
            while !Task.isCancelled {
                do { try await clock.sleep(for: every) } catch { return }
                if router.idle >= limit { await expired() }
            }
        }
    }
}
