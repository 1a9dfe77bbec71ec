import Foundation
import Testing

@testable import State

@Suite struct SeedTests {
    @Test func recordedSeedsRoundTripInTheOrderApplied() throws {
        let store = try StateStore.inMemory()
        let schema = SeedRecord(
            environment: "dev", database: "app", file: "seed/schema.sql", sha256: "aa", rows: 0, appliedAt: instant(100))
        let values = SeedRecord(
            environment: "dev", database: "app", file: "seed/values.csv", sha256: "bb", rows: 42, appliedAt: instant(100))
        let other = SeedRecord(
            environment: "dev", database: "audit", file: "seed/audit.sql", sha256: "cc", rows: 0, appliedAt: instant(50))
        // Appended so that file-name order and application order disagree.
        try store.recordSeed(values)
        try store.recordSeed(schema)
        try store.recordSeed(other)
        try store.recordSeed(SeedRecord(
            environment: "prod", database: "app", file: "seed/schema.sql", sha256: "dd", rows: 0, appliedAt: instant(1)))

        #expect(try store.seeds(environment: "dev", database: "app") == [values, schema])
        #expect(try store.seeds(environment: "dev") == [other, values, schema])
    }

    @Test func recordingTheSameFileAgainReplacesItsEntry() throws {
        let store = try StateStore.inMemory()
        try store.recordSeed(SeedRecord(
            environment: "dev", database: "app", file: "seed/values.csv", sha256: "old", rows: 1, appliedAt: instant(1)))
        let again = SeedRecord(
            environment: "dev", database: "app", file: "seed/values.csv", sha256: "new", rows: 2, appliedAt: instant(2))
        try store.recordSeed(again)
        #expect(try store.seeds(environment: "dev", database: "app") == [again])
    }

    @Test func deleteForgetsOneDatabasesSeeds() throws {
        let store = try StateStore.inMemory()
        for database in ["app", "audit"] {
            try store.recordSeed(SeedRecord(
                environment: "dev", database: database, file: "seed/schema.sql", sha256: "aa", rows: 0, appliedAt: instant(1)))
        }
        #expect(try store.deleteSeeds(environment: "dev", database: "app") == 1)
        #expect(try store.seeds(environment: "dev").map(\.database) == ["audit"])
    }
}
