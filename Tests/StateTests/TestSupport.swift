import Dispatch
import Foundation
import State

/// A fresh directory under the system temp directory, removed when the value is released.
final class TemporaryDirectory: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("StateTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The state database path the CLI would use under this root.
    var statePath: String { url.appendingPathComponent(".devenv/state.db").path }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}

/// A whole-second instant, so dates survive SQLite's millisecond text encoding exactly.
func instant(_ secondsSince1970: Int) -> Date {
    Date(timeIntervalSince1970: TimeInterval(secondsSince1970))
}

extension EnvironmentRecord {
    static func sample(_ name: String, at time: Int = 1_700_000_000) -> EnvironmentRecord {
        EnvironmentRecord(
            name: name,
            manifestPath: "environments/\(name).yaml",
            manifestHash: "hash-\(name)",
            createdAt: instant(time)
        )
    }
}

extension ReplicaRecord {
    static func sample(_ environment: String, _ service: String, _ index: Int) -> ReplicaRecord {
        ReplicaRecord(environment: environment, service: service, index: index, updatedAt: instant(1_700_000_000))
    }
}

/// Runs `body(0..<count)` on `count` threads released at the same instant, as separate
/// processes would; waits for all and returns each one's result, in order.
func onThreadsAtOnce<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) throws -> T) -> [Result<T, any Error>] {
    let results = LockedResults<T>(count: count)
    let gate = DispatchSemaphore(value: 0)
    let done = DispatchGroup()
    for n in 0..<count {
        done.enter()
        let thread = Thread {
            gate.wait()
            results.set(n, Result { try body(n) })
            done.leave()
        }
        thread.start()
    }
    for _ in 0..<count { gate.signal() }
    done.wait()
    return results.all
}

private final class LockedResults<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<T, any Error>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<T, any Error>) {
        lock.withLock { results[index] = result }
    }

    var all: [Result<T, any Error>] { lock.withLock { results.map { $0! } } }
}
