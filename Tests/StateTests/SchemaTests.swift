import Foundation
import GRDB
import Testing
import Vocabulary

@testable import State

@Suite struct SchemaTests {
    @Test func migrationCreatesEveryTable() throws {
        let store = try StateStore.inMemory()
        let tables = try store.writer.read { db in
            try ["environment", "replica", "event", "seed", "schedule", "scale"].filter { try db.tableExists($0) }
        }
        #expect(tables == ["environment", "replica", "event", "seed", "schedule", "scale"])
        let migrations = try store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
        }
        #expect(migrations == ["v1-initial", "v2-scale"])
        let eventIndexes = try store.writer.read { db in try db.indexes(on: "event").map(\.columns) }
        #expect(eventIndexes.contains(["environment", "time"]))
    }

    @Test func fileStoreIsInWALModeUnderTheStateDirectory() throws {
        let root = try TemporaryDirectory()
        let store = try StateStore(path: root.statePath)
        #expect(store.path == root.statePath)
        #expect(FileManager.default.fileExists(atPath: root.statePath))
        let mode = try store.writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test func foreignKeysAreEnforced() throws {
        let store = try StateStore.inMemory()
        #expect(throws: DatabaseError.self) {
            try store.saveReplica(.sample("nowhere", "adder", 0))
        }
        #expect(try store.replicas(environment: "nowhere").isEmpty)
    }

    @Test func reopeningAFileStoreKeepsItsData() throws {
        let root = try TemporaryDirectory()
        do {
            let store = try StateStore(path: root.statePath)
            try store.saveEnvironment(.sample("dev"))
            try store.saveReplica(.sample("dev", "adder", 0))
            try store.appendEvent(environment: "dev", kind: "up", message: "brought up", at: instant(1_700_000_001))
        }
        let reopened = try StateStore(path: root.statePath)
        #expect(try reopened.environment(named: "dev") == .sample("dev"))
        #expect(try reopened.replicas(environment: "dev") == [.sample("dev", "adder", 0)])
        #expect(try reopened.events(environment: "dev").map(\.kind) == ["up"])
        let migrations = try reopened.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations")
        }
        #expect(migrations == 2)
    }

    @Test func aStateFileOfTheFirstSchemaGainsTheScaleTableAndKeepsItsData() throws {
        let root = try TemporaryDirectory()
        do {
            let store = try StateStore(path: root.statePath)
            try store.saveEnvironment(.sample("dev"))
            try store.saveReplica(.sample("dev", "adder", 0))
        }
        // As an older devenv left it: the first migration only.
        let queue = try DatabaseQueue(path: root.statePath)
        try queue.write { db in
            try db.drop(table: "scale")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v2-scale'")
        }
        try queue.close()
        let reopened = try StateStore(path: root.statePath)
        #expect(try reopened.replicas(environment: "dev") == [.sample("dev", "adder", 0)])
        try reopened.saveScale(ScaleRecord(environment: "dev", service: "adder", replicas: 3, manifestReplicas: 1))
        #expect(try reopened.scales(environment: "dev").map(\.replicas) == [3])
    }

    @Test func anUnopenablePathIsAStateErrorNamingIt() throws {
        let root = try TemporaryDirectory()
        // A regular file where the state directory should be.
        let blocker = root.url.appendingPathComponent(".devenv")
        try Data().write(to: blocker)
        let path = blocker.appendingPathComponent("state.db").path
        let error = #expect(throws: StateError.self) { try StateStore(path: path) }
        #expect(error?.code == .cannotOpen)
        #expect(error?.message.contains(blocker.path) == true)
    }

    @Test func statesUseTheContractsLowercaseStrings() {
        #expect(EnvironmentState.allCases.map(\.rawValue) == ["running", "paused", "sleeping", "stopped", "degraded", "starting"])
        #expect(ReplicaState.allCases.map(\.rawValue) == ["starting", "running", "paused", "exited", "crashed", "stopped"])
        #expect(Health.allCases.map(\.rawValue) == ["healthy", "unhealthy", "unknown"])
        #expect(DesiredState.allCases.map(\.rawValue) == ["running", "paused", "stopped"])
    }
}
