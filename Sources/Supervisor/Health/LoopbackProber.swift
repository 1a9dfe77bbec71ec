#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// HTTP checks of loopback ports, made with plain non-blocking sockets on one thread for the
/// whole process that sleeps in `poll`: the request is written on the caller's thread right
/// after its connect (`ProbeEndpoint.preconnect`), and this thread reads the status line when it
/// comes. A check costs a handful of system calls and no channel, pipeline or promise set up on an
/// event loop; forty replicas checked every second notice it.
final class LoopbackProber: Sendable {
    static let shared = LoopbackProber()

    /// One check waiting for its answer.
    private struct Pending {
        var target: String
        var deadline: ContinuousClock.Instant
        var timedOut: ProbeResult
        var received: [UInt8] = []
        var continuation: CheckedContinuation<ProbeResult, Never>
    }

    private struct State {
        var thread = LazyPollThread()
        var pending: [Int32: Pending] = [:]
        /// Sockets settled from outside the thread (a cancel): the thread closes them, so no
        /// descriptor number is reused while it may still read it.
        var closing: [Int32] = []
    }

    private let state = Mutex(State())

    /// Sends `request` on `socket` (connected, non-blocking; this takes it over and closes it)
    /// and returns the verdict on the answer's status line, `timedOut` at `deadline`, or
    /// `cancelled` if the calling task is cancelled first. Nil when it cannot (no thread here):
    /// the socket is left to the caller.
    func exchange(
        _ socket: Int32, request: [UInt8], target: String, deadline: ContinuousClock.Instant,
        timedOut: ProbeResult, cancelled: ProbeResult
    ) async -> ProbeResult? {
        guard state.withLock({ $0.thread.start { [self] in run($0) } }) != nil else { return nil }
        let sent = request.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if sent != request.count {
            let reason = sent < 0 ? Self.describe(errno) : "the request was cut short"
            close(socket)
            return .unhealthy(reason: "\(target): \(reason)")
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let wake = state.withLock { state -> WakePipe? in
                    state.pending[socket] = Pending(target: target, deadline: deadline, timedOut: timedOut, continuation: continuation)
                    return state.thread.wake
                }
                wake?.wake()
                // Cancelled before it was registered, the cancel found nothing to settle.
                if Task.isCancelled { settle(socket, cancelled) }
            }
        } onCancel: {
            settle(socket, cancelled)
        }
    }

    /// Ends the check on `socket`, if it is still waiting, with `verdict`. On the thread the
    /// socket is closed at once; from elsewhere (a cancel) the thread is woken to close it, so the
    /// peer sees the close now.
    private func settle(_ socket: Int32, _ verdict: ProbeResult, onThread: Bool = false) {
        guard let (pending, wake) = state.withLock({ state in
            state.pending.removeValue(forKey: socket).map { pending in
                if !onThread { state.closing.append(socket) }
                return (pending, state.thread.wake)
            }
        }) else { return }
        if onThread { close(socket) } else { wake?.wake() }
        pending.continuation.resume(returning: verdict)
    }

    private func run(_ wake: WakePipe) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let (sockets, next, closing) = state.withLock { state in
                defer { state.closing = [] }
                return (Array(state.pending.keys), state.pending.values.map(\.deadline).min(), state.closing)
            }
            closing.forEach { close($0) }
            var fds = [pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
            fds += sockets.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let timeout = next.map { Self.milliseconds(until: $0) } ?? -1
            guard poll(&fds, nfds_t(fds.count), timeout) >= 0 || errno == EINTR else { return }
            if fds[0].revents != 0 { wake.drain() }
            for ready in fds.dropFirst() where ready.revents != 0 {
                receive(from: ready.fd, into: &buffer)
            }
            let now = ContinuousClock.now
            let expired = state.withLock { state in
                state.pending.filter { $0.value.deadline <= now }.map { ($0.key, $0.value.timedOut) }
            }
            for (socket, verdict) in expired {
                settle(socket, verdict, onThread: true)
            }
        }
    }

    /// Reads what `socket` has and settles its check once the status line is in, the peer closed
    /// or failed, or the line is too long to be HTTP.
    private func receive(from socket: Int32, into buffer: inout [UInt8]) {
        let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        let code = errno
        if count < 0 && (code == EAGAIN || code == EINTR) { return }
        guard var pending = state.withLock({ $0.pending[socket] }) else { return }
        let target = pending.target
        if count < 0 {
            settle(socket, .unhealthy(reason: "\(target): \(code == ECONNRESET ? "connection reset" : Self.describe(code))"), onThread: true)
        } else if count == 0 {
            let reason = pending.received.isEmpty
                ? "connection closed without an answer" : "connection closed in the middle of the status line"
            settle(socket, .unhealthy(reason: "\(target): \(reason)"), onThread: true)
        } else {
            pending.received += buffer[..<count]
            if let newline = pending.received.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending.received[..<newline], as: UTF8.self)
                settle(socket, HTTPStatusLineHandler.verdict(statusLine: line, target: target), onThread: true)
            } else if pending.received.count > HTTPStatusLineHandler.maximumStatusLineLength {
                settle(socket, .unhealthy(reason: "\(target): the answer is not HTTP (no status line)"), onThread: true)
            } else {
                let received = pending.received
                state.withLock { $0.pending[socket]?.received = received }
            }
        }
    }

    private static func milliseconds(until deadline: ContinuousClock.Instant) -> Int32 {
        let (seconds, attoseconds) = ContinuousClock.now.duration(to: deadline).components
        if seconds < 0 { return 0 }
        return Int32(min(seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1, Int64(Int32.max)))
    }

    private static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
