import NIOCore

/// One replica as one event loop sees it: its idle upstream connections and its down mark.
/// Used only on its event loop.
final class BackendSlot {
    let backend: Backend
    let address: SocketAddress?
    /// Until when the replica is skipped; `.distantPast` when it is not.
    @exclusivity(unchecked) var downUntil: NIODeadline = .distantPast
    /// Idle keep-alive connections, most recently used last.
    @exclusivity(unchecked) private(set) var idle: [UpstreamHandler] = []
    /// No longer a member: its connections are closed instead of pooled.
    @exclusivity(unchecked) private(set) var retired = false
    private let maxIdle: Int
    /// Counts this replica's open connections for draining.
    let census: UpstreamCensus

    init(_ member: BackendDirectory.Member, maxIdle: Int, census: UpstreamCensus) {
        self.backend = member.backend
        self.address = member.address
        self.maxIdle = maxIdle
        self.census = census
    }

    /// The most recently used idle connection that is still open, if any.
    func takeIdle() -> UpstreamHandler? {
        while let connection = idle.popLast() {
            if connection.isUsable { return connection }
        }
        return nil
    }

    /// Keeps `connection` for the next request, or closes it when the pool is full or retired.
    func release(_ connection: UpstreamHandler) {
        guard !retired, idle.count < maxIdle, connection.isUsable else {
            connection.close()
            return
        }
        idle.append(connection)
        connection.didBecomeIdle()
    }

    /// Forgets a pooled connection that closed or idled out.
    func remove(_ connection: UpstreamHandler) {
        if let index = idle.firstIndex(where: { $0 === connection }) { idle.remove(at: index) }
    }

    /// Closes every idle connection: one of them failed as if the replica had restarted.
    func dropIdle() {
        let connections = idle
        idle.removeAll()
        for connection in connections { connection.close() }
    }

    /// The replica left its service: close what is pooled, and pool nothing more.
    func retire() {
        retired = true
        let connections = idle
        idle.removeAll()
        for connection in connections { connection.close() }
    }
}
