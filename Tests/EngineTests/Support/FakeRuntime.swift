import Foundation
import Supervisor

#if canImport(Glibc)
import Glibc
#endif

/// A runtime that starts nothing: it hands out pids, remembers what it was asked to launch and
/// signal, and a process "exits" when the test says so, or when it is sent a stopping signal.
final class FakeRuntime: Runtime, @unchecked Sendable {
    struct Launch {
        var spec: ProcessSpec
        var handle: ProcessHandle
        var service: String { spec.environment["DEVENV_SERVICE"] ?? "?" }
    }

    private let lock = NSLock()
    private var nextPid: Int32 = 1000
    private var launchList: [Launch] = []
    private var exits: [Int32: ExitStatus] = [:]
    private var waiters: [Int32: [CheckedContinuation<ExitStatus, Never>]] = [:]
    private var signalList: [(pid: Int32, signal: Int32)] = []
    private var stubbornServices: Set<String> = []
    private var historyList: [Event] = []

    /// What the runtime was asked, in the order it was asked.
    enum Event: Equatable {
        case start(pid: Int32)
        case signal(pid: Int32, signal: Int32)
    }

    var history: [Event] { lock.withLock { historyList } }

    /// Services whose processes ignore every signal but SIGKILL (they end when the test says).
    var stubborn: Set<String> {
        get { lock.withLock { stubbornServices } }
        set { lock.withLock { stubbornServices = newValue } }
    }

    var launches: [Launch] { lock.withLock { launchList } }
    var signals: [(pid: Int32, signal: Int32)] { lock.withLock { signalList } }

    /// The services launched so far, in order (one entry per replica start).
    var started: [String] { launches.map(\.service) }

    /// The live pids of `service`'s replicas.
    func running(_ service: String) -> [Int32] {
        lock.withLock { launchList.filter { $0.service == service && exits[$0.handle.pid] == nil }.map(\.handle.pid) }
    }

    func start(_ spec: ProcessSpec) async throws -> ProcessHandle {
        lock.withLock {
            nextPid += 1
            let handle = ProcessHandle(pid: nextPid, startTime: UInt64(nextPid))
            launchList.append(Launch(spec: spec, handle: handle))
            historyList.append(.start(pid: handle.pid))
            return handle
        }
    }

    func wait(_ handle: ProcessHandle) async -> ExitStatus {
        await withCheckedContinuation { continuation in
            let done = lock.withLock { () -> ExitStatus? in
                if let status = exits[handle.pid] { return status }
                waiters[handle.pid, default: []].append(continuation)
                return nil
            }
            if let done { continuation.resume(returning: done) }
        }
    }

    func signal(_ handle: ProcessHandle, _ signal: Int32) throws {
        let (alive, ignores) = lock.withLock { () -> (Bool, Bool) in
            signalList.append((handle.pid, signal))
            historyList.append(.signal(pid: handle.pid, signal: signal))
            let service = launchList.first { $0.handle.pid == handle.pid }?.service ?? ""
            return (exits[handle.pid] == nil, stubbornServices.contains(service) && signal != SIGKILL)
        }
        guard alive else { throw RuntimeError(code: .notRunning, message: "process \(handle.pid) is not running", errno: ESRCH) }
        if signal != SIGCONT && signal != SIGSTOP && !ignores { exit(handle.pid, .signaled(signal)) }
    }

    func stop(_ handle: ProcessHandle, teardown: Teardown) async -> ExitStatus {
        try? signal(handle, teardown.signal)
        return await wait(handle)
    }

    /// Ends process `pid` with `status`, as the kernel would report it.
    func exit(_ pid: Int32, _ status: ExitStatus) {
        let waiting = lock.withLock { () -> [CheckedContinuation<ExitStatus, Never>] in
            guard exits[pid] == nil else { return [] }
            exits[pid] = status
            return waiters.removeValue(forKey: pid) ?? []
        }
        for waiter in waiting { waiter.resume(returning: status) }
    }
}
