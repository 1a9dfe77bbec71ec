import Foundation
import GRDB
import Testing

@testable import State

/// Stores on one file, on threads of their own, stand for the CLI and daemons writing at once.
@Suite struct ConcurrencyTests {
    static let writesPerStore = 200

    @Test func twoStoresOnOneFileWritingConcurrentlyLoseNothing() throws {
        let root = try TemporaryDirectory()
        let stores = [try StateStore(path: root.statePath), try StateStore(path: root.statePath)]
        try stores[0].saveEnvironment(.sample("dev"))

        let outcomes = onThreadsAtOnce(2) { n in
            let (store, name) = (stores[n], n == 0 ? "a" : "b")
            for i in 0..<Self.writesPerStore {
                try store.appendEvent(environment: "dev", service: name, kind: "tick", message: "\(i)")
                try store.saveReplica(.sample("dev", name, i % 10))
                try store.updateEnvironment(named: "dev") { $0.routerPort = i }
            }
        }
        for outcome in outcomes {
            #expect(throws: Never.self) { try outcome.get() }
        }

        let events = try stores[0].events(environment: "dev")
        #expect(events.count == 2 * Self.writesPerStore)
        for name in ["a", "b"] {
            let messages = events.filter { $0.service == name }.map(\.message)
            #expect(messages == (0..<Self.writesPerStore).map(String.init), "each store's writes land in order")
        }
        #expect(Set(events.compactMap(\.id)).count == 2 * Self.writesPerStore)
        #expect(try stores[1].replicas(environment: "dev").count == 20)
    }

    /// Racing openers of a fresh file collide on the switch to WAL and on the first migration;
    /// one round rarely shows it, so race several fresh files.
    @Test func storesOpeningAFreshFileAtOnceAllMigrateIt() throws {
        for _ in 0..<10 {
            let root = try TemporaryDirectory()
            let path = root.statePath
            let outcomes = onThreadsAtOnce(6) { _ in try StateStore(path: path) }
            let stores = try outcomes.map { try $0.get() }
            for (n, store) in stores.enumerated() {
                try store.saveEnvironment(.sample("env\(n)"))
            }
            #expect(try stores[0].environments().count == 6)
            let migrations = try stores[0].writer.read { db in
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            }
            #expect(migrations == ["v1-initial", "v2-scale"])
        }
    }
}
