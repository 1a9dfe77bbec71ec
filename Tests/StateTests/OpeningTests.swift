import Foundation
import GRDB
import Testing

@testable import State

/// The retry that lets a store open a file another process is opening at the same moment.
@Suite struct OpeningTests {
    @Test func busyFailuresAreRetriedUntilTheyPass() throws {
        var attempts = 0
        let value = try StateStore.retryingWhileBusy(for: 5) {
            attempts += 1
            if attempts < 3 { throw DatabaseError(resultCode: .SQLITE_BUSY) }
            return "opened"
        }
        #expect(value == "opened")
        #expect(attempts == 3)
    }

    @Test func otherFailuresAreThrownAtOnce() throws {
        var attempts = 0
        let error = #expect(throws: DatabaseError.self) {
            try StateStore.retryingWhileBusy(for: 5) {
                attempts += 1
                throw DatabaseError(resultCode: .SQLITE_CORRUPT)
            }
        }
        #expect(error?.resultCode == .SQLITE_CORRUPT)
        #expect(attempts == 1)
    }

    @Test func busyFailuresPastTheTimeoutAreThrown() throws {
        var attempts = 0
        let started = Date()
        let error = #expect(throws: DatabaseError.self) {
            try StateStore.retryingWhileBusy(for: 0.05) {
                attempts += 1
                throw DatabaseError(resultCode: .SQLITE_BUSY)
            }
        }
        #expect(error?.resultCode == .SQLITE_BUSY)
        #expect(attempts > 1)
        #expect(Date().timeIntervalSince(started) < 2)
    }
}
