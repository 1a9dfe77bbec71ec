import NIOCore
import Synchronization

/// The healthy replicas of every service, shared by all event loops.
///
/// Writers (the supervisor, a loop marking a replica down) take a lock and bump a generation;
/// each event loop compares that atomic generation with its own copy once per request and takes
/// the lock only when it changed. The hot path reads one atomic and nothing else.
final class BackendDirectory: Sendable {
    /// One replica with its address resolved.
    struct Member: Sendable {
        let backend: Backend
        let address: SocketAddress?
    }

    /// Everything one event loop copies when the generation moves.
    struct Snapshot: Sendable {
        var generation = 0
        var services: [String: [Member]] = [:]
        var downUntil: [Backend: NIODeadline] = [:]
        /// Why the environment serves nothing now (`dev is paused: devenv resume dev`), if so.
        var notice: String?
    }

    private let state = Mutex(Snapshot())
    private let current = Atomic<Int>(0)

    init() {}

    /// The generation: it changes whenever membership or a down mark does.
    var generation: Int { current.load(ordering: .acquiring) }

    func snapshot() -> Snapshot { state.withLock { $0 } }

    /// Replaces a service's replicas. One that joins anew loses any down mark it had.
    func set(service: String, _ backends: [Backend]) {
        var seen = Set<Backend>()
        let members = backends.filter { seen.insert($0).inserted }.map { Member(backend: $0, address: Self.resolve($0)) }
        state.withLock { snapshot in
            let before = Set((snapshot.services[service] ?? []).map(\.backend))
            for member in members where !before.contains(member.backend) {
                snapshot.downUntil[member.backend] = nil
            }
            snapshot.services[service] = members.isEmpty ? nil : members
            snapshot.generation += 1
            current.store(snapshot.generation, ordering: .releasing)
        }
    }

    /// Sets or clears why the environment serves nothing now.
    func setNotice(_ notice: String?) {
        state.withLock { snapshot in
            snapshot.notice = notice
            snapshot.generation += 1
            current.store(snapshot.generation, ordering: .releasing)
        }
    }

    /// Skips `backend` on every loop until `deadline` (a refused connection).
    func markDown(_ backend: Backend, until deadline: NIODeadline) {
        state.withLock { snapshot in
            snapshot.downUntil[backend] = deadline
            snapshot.generation += 1
            current.store(snapshot.generation, ordering: .releasing)
        }
    }

    private static func resolve(_ backend: Backend) -> SocketAddress? {
        if let address = try? SocketAddress(ipAddress: backend.host, port: backend.port) { return address }
        return try? SocketAddress.makeAddressResolvingHost(backend.host, port: backend.port)
    }
}
