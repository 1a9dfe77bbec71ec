import Dispatch
import Foundation
import Logging
import State

/// The supervisor's writes to the state db, off its actor and batched.
///
/// Recording an event or a replica's new state only queues it (a lock and an append); one
/// serial queue writes what has gathered in one transaction, so a burst of changes (forty
/// replicas starting, their first health checks) costs a few transactions instead of hundreds,
/// and the actor never waits for SQLite. Events keep the time they were recorded at; a replica
/// queued twice is written once, as it last was.
///
/// What reads the state db directly for a decision calls `flushNow()` first; what answers a
/// client awaits `flushed()`, so the client never reads the db behind what it was told.
///
/// Every write of the daemon goes through it, queued or direct (`write`), and none vanishes: a
/// failed one is logged to the daemon log and counted, and `status` shows the count.
final class StateJournal: @unchecked Sendable {
    private struct ReplicaID: Hashable {
        var service: String
        var index: Int
    }

    private let state: StateStore
    private let environment: String
    private let logger: Logger
    private let queue = DispatchQueue(label: "devenv.state-journal")
    private let lock = NSLock()
    private var events: [EventRecord] = []
    private var replicas: [ReplicaID: ReplicaRecord] = [:]
    private var observedState: EnvironmentState?
    private var scheduled = false
    private var failureCount = 0

    /// How many writes failed since the journal was made.
    var failures: Int {
        lock.lock()
        defer { lock.unlock() }
        return failureCount
    }

    init(state: StateStore, environment: String, logger: Logger) {
        self.state = state
        self.environment = environment
        self.logger = logger
    }

    /// Drops the rows of replicas not among `kept`.
    func pruneReplicas(keeping kept: Set<ReplicaKey>) {
        flushNow()  // no queued write may bring a deleted row back
        guard let records = try? state.replicas(environment: environment) else { return }
        for record in records where !kept.contains(ReplicaKey(service: record.service, index: record.index)) {
            write("delete the record of \(record.service).\(record.index)") {
                try $0.deleteReplicas(environment: self.environment, service: record.service, indexes: [record.index])
            }
        }
    }

    /// An event, logged to the daemon log as well.
    func record(_ kind: String, service: String?, _ message: String) {
        logger.info("\(kind) \(service ?? ""): \(message)")
        append(service: service, kind: kind, message: message)
    }

    func append(service: String?, kind: String, message: String, at time: Date = Date()) {
        enqueue {
            $0.events.append(EventRecord(time: time, environment: environment, service: service, kind: kind, message: message))
        }
    }

    func save(_ replica: ReplicaRecord) {
        enqueue { $0.replicas[ReplicaID(service: replica.service, index: replica.index)] = replica }
    }

    func observe(_ observed: EnvironmentState) {
        enqueue { $0.observedState = observed }
    }

    /// Writes `change` now, on the calling thread (a decision reads it back at once); a failure is
    /// logged, naming `what`, and counted.
    func write(_ what: String, _ change: (StateStore) throws -> Void) {
        do {
            try change(state)
        } catch {
            failed("cannot \(what) in the state db: \(error)")
        }
    }

    private func failed(_ message: String) {
        lock.lock()
        failureCount += 1
        lock.unlock()
        logger.error("\(message)")
    }

    /// Writes everything queued so far, on the calling thread's behalf (it waits).
    func flushNow() {
        queue.sync { drain() }
    }

    /// Returns once everything queued before the call is written.
    func flushed() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            queue.async {
                self.drain()
                done.resume()
            }
        }
    }

    private func enqueue(_ change: (StateJournal) -> Void) {
        lock.lock()
        change(self)
        let schedule = !scheduled
        scheduled = true
        lock.unlock()
        if schedule { queue.async { self.drain() } }
    }

    /// On `queue`: takes what is queued and writes it in one transaction.
    private func drain() {
        lock.lock()
        let events = self.events, replicas = Array(self.replicas.values), observed = self.observedState
        self.events = []
        self.replicas = [:]
        self.observedState = nil
        scheduled = false
        lock.unlock()
        do {
            try state.write(events: events, replicas: replicas, observedState: observed.map { (environment, $0) })
        } catch {
            failed("cannot record \(events.count) event(s) and \(replicas.count) replica change(s) in the state db: \(error)")
        }
    }
}
