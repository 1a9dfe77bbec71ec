import NIOCore

/// What the connections of one event loop share: the routes, the replicas as that loop sees
/// them, the upstream pools, the access log batch, the request id stream.
///
/// Made off its loop but used only on it; that is why it may be `@unchecked Sendable`.
final class LoopContext: @unchecked Sendable {
    let eventLoop: any EventLoop
    let routes: RouteTable
    let notFound: NotFoundPage
    let timeouts: RouterTimeouts
    let limits: RouterLimits
    let connector: UpstreamConnector
    let accessLog: AccessLogBuffer?
    @exclusivity(unchecked) var requestIDs = RequestIDGenerator()
    /// Where the heads and chunk lines written on this loop get their buffers (the channels' own).
    let allocator = ByteBufferAllocator()
    /// `\r\n`, shared by every chunk written on this loop.
    let crlf: ByteBuffer
    /// The live client connections, closed on shutdown.
    @exclusivity(unchecked) var clients: [ObjectIdentifier: ClientHandler] = [:]
    private let directory: BackendDirectory
    let census: UpstreamCensus
    /// This loop's count of open requests and tunnels, for the router's idle time.
    let activity: RouterActivity.Counter
    let wakeRequests: WakeRequests
    @exclusivity(unchecked) private var generation = -1
    @exclusivity(unchecked) private var currentNotice: String?
    @exclusivity(unchecked) private var groups: [ReplicaGroup]

    init(
        eventLoop: any EventLoop,
        routes: RouteTable,
        directory: BackendDirectory,
        census: UpstreamCensus = UpstreamCensus(),
        activity: RouterActivity,
        wakeRequests: WakeRequests = WakeRequests(),
        timeouts: RouterTimeouts,
        limits: RouterLimits,
        accessLog: AccessLogFile?
    ) {
        self.eventLoop = eventLoop
        self.routes = routes
        self.notFound = NotFoundPage(routes)
        self.directory = directory
        self.census = census
        self.activity = activity.counter()
        self.wakeRequests = wakeRequests
        self.timeouts = timeouts
        self.limits = limits
        self.connector = UpstreamConnector(eventLoop: eventLoop, timeouts: timeouts, limits: limits)
        self.accessLog = accessLog.map { AccessLogBuffer(file: $0, eventLoop: eventLoop) }
        self.groups = routes.services.map { _ in ReplicaGroup() }
        var crlf = ByteBufferAllocator().buffer(capacity: 2)
        crlf.writeStaticString("\r\n")
        self.crlf = crlf
    }

    /// The replicas of a service (by its index in the route table), current as of this call.
    func group(service index: Int) -> ReplicaGroup {
        if directory.generation != generation { refresh() }
        return groups[index]
    }

    /// Why the environment serves nothing now, current as of this call.
    var notice: String? {
        if directory.generation != generation { refresh() }
        return currentNotice
    }

    /// Marks a replica down on every loop: it refused a connection.
    func markDown(_ slot: BackendSlot) {
        let until = NIODeadline.now() + TimeAmount(timeouts.markedDown)
        slot.downUntil = until
        directory.markDown(slot.backend, until: until)
    }

    /// Takes a membership change in now rather than at the next request: a replica that left
    /// has its pooled connections closed at once.
    func refreshIfStale() {
        if directory.generation != generation { refresh() }
    }

    /// Copies the directory's membership, keeping the slots (and pools) of replicas that stay.
    private func refresh() {
        let snapshot = directory.snapshot()
        currentNotice = snapshot.notice
        var previous: [Backend: BackendSlot] = [:]
        for group in groups {
            for slot in group.slots { previous[slot.backend] = slot }
        }
        var kept = Set<ObjectIdentifier>()
        for (index, service) in routes.services.enumerated() {
            groups[index].slots = (snapshot.services[service] ?? []).map { member in
                let slot = previous[member.backend] ?? BackendSlot(member, maxIdle: limits.maxIdleConnectionsPerReplica, census: census)
                slot.downUntil = snapshot.downUntil[member.backend] ?? .distantPast
                kept.insert(ObjectIdentifier(slot))
                return slot
            }
        }
        for slot in previous.values where !kept.contains(ObjectIdentifier(slot)) { slot.retire() }
        generation = snapshot.generation
    }

    /// Closes every client connection and pooled upstream connection of this loop.
    func closeAll() {
        for client in clients.values { client.closeNow() }
        clients.removeAll()
        for group in groups {
            for slot in group.slots { slot.retire() }
        }
        accessLog?.flush()
    }
}
