import Foundation
import GRDB
import Testing

@testable import State

/// Dates are written and read without ICU, in GRDB's own format, so files written before (and
/// GRDB's own queries) read the same.
@Suite struct StoredDateTests {
    static let samples: [TimeInterval] = [
        0, 1, 0.999, 1_795_311_700.468, 1_795_311_700.4689, 951_782_400.5,  // 2000-02-29
        4_102_444_799.999,  // 2099-12-31 23:59:59.999
        -1.5,  // before 1970
        1_795_311_659.9996,  // rounds up into the next minute
    ]

    @Test(arguments: samples)
    func writesWhatGRDBWrites(seconds: TimeInterval) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(StoredDate.text(of: date) == date.databaseValue.storage.value as? String)
    }

    @Test(arguments: samples)
    func readsBackToTheMillisecond(seconds: TimeInterval) throws {
        let date = Date(timeIntervalSince1970: seconds)
        let read = try #require(StoredDate.date(from: StoredDate.text(of: date).databaseValue))
        #expect(abs(read.timeIntervalSince1970 - (seconds * 1000).rounded() / 1000) < 0.000_001)
    }

    @Test func readsTheFormsGRDBReads() {
        #expect(StoredDate.date(from: "2026-11-22 09:30")?.timeIntervalSince1970 == 1_795_339_800)
        #expect(StoredDate.date(from: "2026-11-22T09:30:15")?.timeIntervalSince1970 == 1_795_339_815)
        #expect(StoredDate.date(from: "2026-11-22 09:30:15.25")?.timeIntervalSince1970 == 1_795_339_815.25)
        #expect(StoredDate.date(from: 1_795_339_815.databaseValue)?.timeIntervalSince1970 == 1_795_339_815)
        for broken in ["", "2026-11-22", "2026-13-01 00:00", "2026-11-22 09:30:1", "2026-11-22 09:30:15Z", "yesterday"] {
            #expect(StoredDate.date(from: broken) == nil, "\(broken)")
        }
    }

    @Test func recordsRoundTripThroughTheStore() throws {
        let store = try StateStore.inMemory()
        let time = Date(timeIntervalSince1970: 1_795_311_700.468)
        let event = try store.appendEvent(environment: "dev", kind: "up", message: "m", at: time)
        let read = try #require(try store.events(environment: "dev").first)
        #expect(read == event)
        #expect(read.time == time)
    }
}

private extension DatabaseValue.Storage {
    var value: Any? {
        switch self {
        case .string(let text): text
        case .double(let number): number
        case .int64(let number): number
        default: nil
        }
    }
}
