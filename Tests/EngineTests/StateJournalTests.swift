import Foundation
import Logging
import State
import Testing
import Vocabulary

@testable import Engine

/// The supervisor's batched writes: nothing lost, nothing out of order, the latest replica
/// state wins, and a flush makes everything queued before it readable.
@Suite struct StateJournalTests {
    private func store() throws -> StateStore {
        let store = try StateStore.inMemory()
        try store.saveEnvironment(EnvironmentRecord(name: "dev", manifestPath: "environments/dev.yaml", manifestHash: "",
                                                    observedState: .starting, createdAt: Date()))
        return store
    }

    private func replica(_ index: Int, state: ReplicaState, restarts: Int = 0) -> ReplicaRecord {
        ReplicaRecord(environment: "dev", service: "web", index: index, state: state, restarts: restarts, updatedAt: Date())
    }

    @Test func eventsAreWrittenInOrderAndOnlyOnce() async throws {
        let store = try store()
        let journal = StateJournal(state: store, environment: "dev", logger: Logger(label: "test"))
        let base = Date(timeIntervalSince1970: 1_795_000_000)
        for number in 0..<500 {
            journal.append(service: "web", kind: "tick", message: "\(number)", at: base)  // one instant: the id orders them
        }
        await journal.flushed()
        #expect(try store.events(environment: "dev").map(\.message) == (0..<500).map(String.init))
        await journal.flushed()
        #expect(try store.events(environment: "dev").count == 500, "a second flush writes nothing again")
    }

    @Test func aReplicaQueuedTwiceIsWrittenAsItLastWas() throws {
        let store = try store()
        let journal = StateJournal(state: store, environment: "dev", logger: Logger(label: "test"))
        journal.save(replica(0, state: .starting))
        journal.save(replica(1, state: .starting))
        journal.save(replica(0, state: .crashed, restarts: 3))
        journal.observe(.degraded)
        journal.flushNow()
        let replicas = try store.replicas(environment: "dev")
        #expect(replicas.map(\.index) == [0, 1])
        #expect(replicas.first?.state == .crashed && replicas.first?.restarts == 3)
        #expect(try store.environment(named: "dev")?.observedState == .degraded)
    }

    @Test func writesFromManyThreadsAllLand() async throws {
        let store = try store()
        let journal = StateJournal(state: store, environment: "dev", logger: Logger(label: "test"))
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    for number in 0..<100 {
                        journal.append(service: "w\(writer)", kind: "tick", message: "\(number)")
                        journal.save(ReplicaRecord(environment: "dev", service: "w\(writer)", index: 0, restarts: number, updatedAt: Date()))
                    }
                }
            }
        }
        await journal.flushed()
        let events = try store.events(environment: "dev")
        #expect(events.count == 800)
        for writer in 0..<8 {
            // Each writer's own events keep its order.
            #expect(events.filter { $0.service == "w\(writer)" }.map(\.message) == (0..<100).map(String.init))
        }
        #expect(try store.replicas(environment: "dev").map(\.restarts) == Array(repeating: 99, count: 8))
    }

    /// A write the state db refuses is never swallowed: it is counted (status shows the count)
    /// and the journal goes on with the next ones.
    @Test func failedWritesAreCountedNotSwallowed() throws {
        let store = try store()
        let ghost = StateJournal(state: store, environment: "ghost", logger: Logger(label: "test"))
        #expect(ghost.failures == 0)
        // No environment "ghost": its replica rows break the foreign key, so the batch fails.
        ghost.save(ReplicaRecord(environment: "ghost", service: "web", index: 0, updatedAt: Date()))
        ghost.flushNow()
        #expect(ghost.failures == 1)
        ghost.write("delete nothing") { try $0.deleteReplicas(environment: "ghost", service: "web") }  // no failure
        ghost.write("fail on purpose") { _ in throw CocoaError(.fileWriteNoPermission) }
        #expect(ghost.failures == 2)

        let journal = StateJournal(state: store, environment: "dev", logger: Logger(label: "test"))
        journal.save(replica(0, state: .running))
        journal.flushNow()
        #expect(journal.failures == 0)
        #expect(try store.replicas(environment: "dev").count == 1, "later writes still land")
    }
}
