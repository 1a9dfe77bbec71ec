import Foundation
import GRDB
import Testing
import Vocabulary

@testable import State

@Suite struct ReplicaTests {
    let store: StateStore

    init() throws {
        store = try StateStore.inMemory()
        try store.saveEnvironment(.sample("dev"))
        try store.saveEnvironment(.sample("prod"))
    }

    @Test func roundTripsEveryField() throws {
        let record = ReplicaRecord(
            environment: "dev",
            service: "adder",
            index: 1,
            pid: 4242,
            startTime: 123_456_789,
            port: 40001,
            state: .crashed,
            health: .unhealthy,
            restarts: 3,
            lastExit: "signal 9",
            updatedAt: instant(1_700_000_123)
        )
        try store.saveReplica(record)
        #expect(try store.replica(environment: "dev", service: "adder", index: 1) == record)
        #expect(try store.replica(environment: "dev", service: "adder", index: 0) == nil)
    }

    @Test func saveReplacesTheReplicaWithTheSameKey() throws {
        try store.saveReplica(.sample("dev", "adder", 0))
        var restarted = ReplicaRecord.sample("dev", "adder", 0)
        restarted.pid = 99
        restarted.restarts = 1
        restarted.state = .running
        try store.saveReplica(restarted)
        #expect(try store.replicas(environment: "dev") == [restarted])
    }

    @Test func replicasAreSortedByServiceThenIndexAndScopedToTheirEnvironment() throws {
        for (service, index) in [("display", 0), ("adder", 10), ("adder", 2), ("home", 0), ("adder", 0)] {
            try store.saveReplica(.sample("dev", service, index))
        }
        try store.saveReplica(.sample("prod", "adder", 5))
        let keys = try store.replicas(environment: "dev").map { "\($0.service).\($0.index)" }
        #expect(keys == ["adder.0", "adder.2", "adder.10", "display.0", "home.0"])
        #expect(try store.replicas(environment: "dev", service: "adder").map(\.index) == [0, 2, 10])
    }

    @Test func updateChangesOneReplicaAndStampsIt() throws {
        try store.saveReplica(.sample("dev", "adder", 0))
        try store.saveReplica(.sample("dev", "adder", 1))
        let written = try store.updateReplica(environment: "dev", service: "adder", index: 1, at: instant(1_700_000_200)) {
            $0.state = .running
            $0.health = .healthy
            $0.pid = 555
        }
        #expect(written.updatedAt == instant(1_700_000_200))
        #expect(try store.replica(environment: "dev", service: "adder", index: 1) == written)
        #expect(try store.replica(environment: "dev", service: "adder", index: 0) == .sample("dev", "adder", 0))
        let error = #expect(throws: StateError.self) {
            try store.updateReplica(environment: "dev", service: "adder", index: 7) { $0.restarts += 1 }
        }
        #expect(error?.code == .notFound)
    }

    @Test func deleteRemovesOnlyTheNamedReplicas() throws {
        for index in 0..<4 {
            try store.saveReplica(.sample("dev", "adder", index))
        }
        try store.saveReplica(.sample("dev", "display", 2))
        try store.saveReplica(.sample("prod", "adder", 2))

        #expect(try store.deleteReplicas(environment: "dev", service: "adder", indexes: [2, 3]) == 2)
        #expect(try store.replicas(environment: "dev").map { "\($0.service).\($0.index)" } == ["adder.0", "adder.1", "display.2"])

        #expect(try store.deleteReplicas(environment: "dev", service: "adder") == 2)
        #expect(try store.replicas(environment: "dev").map(\.service) == ["display"])

        #expect(try store.deleteReplicas(environment: "dev") == 1)
        #expect(try store.replicas(environment: "dev").isEmpty)
        #expect(try store.replicas(environment: "prod").count == 1)
    }

    @Test func deletingTheEnvironmentRowCascadesToItsReplicas() throws {
        try store.saveReplica(.sample("dev", "adder", 0))
        try store.saveReplica(.sample("dev", "adder", 1))
        try store.saveReplica(.sample("prod", "adder", 0))
        let deleted = try store.writer.write { db in try EnvironmentRecord.deleteOne(db, key: "dev") }
        #expect(deleted)
        #expect(try store.replicas(environment: "dev").isEmpty)
        #expect(try store.replicas(environment: "prod").count == 1)
    }
}

/// The supervisor's batch write binds values itself: its rows must be exactly the records' own.
@Suite struct BatchWriteTests {
    @Test func batchRowsAreTheRowsTheRecordsWouldWrite() throws {
        let batched = try StateStore.inMemory(), saved = try StateStore.inMemory()
        for store in [batched, saved] { try store.saveEnvironment(.sample("dev")) }
        let first = ReplicaRecord(environment: "dev", service: "adder", index: 1, pid: 4242, startTime: 123_456_789,
                                  port: 40001, state: .crashed, health: .unhealthy, restarts: 3, lastExit: "signal 9",
                                  updatedAt: Date(timeIntervalSince1970: 1_700_000_123.5))
        var second = first
        second.pid = nil
        second.startTime = nil
        second.port = nil
        second.state = .running
        second.health = .healthy
        second.lastExit = nil
        second.updatedAt = Date(timeIntervalSince1970: 1_700_000_200.25)
        let event = EventRecord(time: Date(timeIntervalSince1970: 1_700_000_124.75), environment: "dev", service: nil, kind: "up", message: "→ ünïcode")

        try batched.write(events: [event], replicas: [first])
        try batched.write(events: [], replicas: [second])  // an upsert over the first
        try saved.saveReplica(first)
        try saved.saveReplica(second)
        _ = try saved.appendEvent(environment: "dev", service: nil, kind: "up", message: "→ ünïcode", at: event.time)

        func rows(_ store: StateStore, _ sql: String) throws -> [[DatabaseValue]] {
            try store.writer.read { db in try Row.fetchAll(db, sql: sql).map { Array($0.databaseValues) } }
        }
        for sql in ["SELECT * FROM replica", "SELECT * FROM event"] {
            #expect(try rows(batched, sql) == rows(saved, sql), "\(sql)")
        }
        #expect(try batched.replica(environment: "dev", service: "adder", index: 1) == second)
    }
}
