/// A rolling replacement of a unit's replicas, one at a time, as a pure state machine.
///
/// For each old replica: start a replacement (its own port), wait until it serves (running and
/// healthy), take the old one out of rotation, wait until the router has answered everything it
/// sent it and closed its keep-alive connections (up to its stop_timeout), stop it. A
/// replacement that exits, is still judged unhealthy once its grace has passed (a slow first
/// start on a loaded machine is not a failure), or does not serve by its deadline is stopped and
/// the rollout ends there, the old replicas still serving.
///
/// It does no I/O and reads no clock: the driver feeds it what happened and the time on its
/// clock, and carries out the ``Action`` each event returns.
struct Rollout {
    enum Action: Equatable {
        /// Start a replacement for this old replica; report it with ``started(_:at:)``.
        case startReplacement(for: ReplicaKey)
        /// Look at the replacement again (after a change, or a short wait) with ``observe(serves:exited:unhealthy:at:)``.
        case awaitReplacement(ReplicaKey)
        /// Take the old replica out of rotation, then report its open connections with ``drain(open:at:)``.
        case withdraw(ReplicaKey)
        /// Count the old replica's open connections again, after a short wait.
        case awaitDrain(ReplicaKey)
        /// Stop the old replica; report it with ``stopped()``.
        case stop(ReplicaKey)
        /// Stop and remove the replacement: the rollout ends, failed, with why.
        case abandon(ReplicaKey, reason: String)
        /// Every old replica was replaced.
        case finished
    }

    private enum Phase: Equatable {
        case waiting
        case starting(old: ReplicaKey)
        case replacing(old: ReplicaKey, new: ReplicaKey, since: Duration)
        case draining(old: ReplicaKey, watch: DrainWatch)
        case stopping(old: ReplicaKey)
        case over
    }

    private var pending: [ReplicaKey]
    private var phase = Phase.waiting
    /// How long a replacement has to serve.
    let healthDeadline: Duration
    /// How long a replacement's failed health checks are taken for a slow start.
    let grace: Duration
    /// How long an old replica's requests may take to drain (its stop_timeout).
    let drainTimeout: Duration
    /// The replacements that now serve, in order.
    private(set) var replaced: [(old: ReplicaKey, new: ReplicaKey)] = []

    init(replacing olds: [ReplicaKey], healthDeadline: Duration, grace: Duration, drainTimeout: Duration) {
        self.pending = olds
        self.healthDeadline = healthDeadline
        self.grace = grace
        self.drainTimeout = drainTimeout
    }

    mutating func begin() -> Action { next() }

    /// The replacement was started at `now`.
    mutating func started(_ new: ReplicaKey, at now: Duration) -> Action {
        guard case .starting(let old) = phase else { return .finished }
        phase = .replacing(old: old, new: new, since: now)
        return .awaitReplacement(new)
    }

    /// What the replacement looks like at `now`: serving (running, and healthy where it has a
    /// check), exited for good (how), or judged unhealthy by its health check.
    mutating func observe(serves: Bool, exited: String?, unhealthy: Bool, at now: Duration) -> Action {
        guard case .replacing(let old, let new, let since) = phase else { return .finished }
        if serves {
            replaced.append((old, new))
            phase = .draining(old: old, watch: DrainWatch(deadline: now + drainTimeout))
            return .withdraw(old)
        }
        if let exited { return abandon(new, "\(new) exited (\(exited))") }
        if unhealthy, now >= since + grace { return abandon(new, "\(new) failed its health check") }
        if now >= since + healthDeadline {
            return abandon(new, "\(new) did not become healthy within \(ReplicaRunner.format(healthDeadline))")
        }
        return .awaitReplacement(new)
    }

    /// How many connections the router still holds to the withdrawn replica at `now`.
    mutating func drain(open: Int, at now: Duration) -> Action {
        guard case .draining(let old, var watch) = phase else { return .finished }
        guard watch.look(open: open, at: now) != nil else {
            phase = .draining(old: old, watch: watch)
            return .awaitDrain(old)
        }
        phase = .stopping(old: old)
        return .stop(old)
    }

    /// The old replica stopped: on to the next.
    mutating func stopped() -> Action {
        guard case .stopping = phase else { return .finished }
        return next()
    }

    private mutating func next() -> Action {
        guard !pending.isEmpty else {
            phase = .over
            return .finished
        }
        let old = pending.removeFirst()
        phase = .starting(old: old)
        return .startReplacement(for: old)
    }

    private mutating func abandon(_ new: ReplicaKey, _ reason: String) -> Action {
        phase = .over
        pending = []
        return .abandon(new, reason: reason)
    }
}
