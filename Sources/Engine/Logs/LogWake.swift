import Dispatch
import Foundation
import Glibc

/// Tells a follower's thread to stop: a pipe its `poll` also waits on, written when the stream's
/// consumer goes away or a stop signal arrives.
final class LogWake: @unchecked Sendable {
    private let lock = NSLock()
    private var descriptors: (read: Int32, write: Int32)?
    private var signalSources: [any DispatchSourceSignal] = []

    init() throws(LogError) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            throw LogError(.unreadable, "cannot follow logs: pipe: \(String(cString: strerror(errno)))")
        }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
        }
        descriptors = (ends[0], ends[1])
    }

    /// The end `poll` watches.
    var readDescriptor: Int32 { lock.withLock { descriptors?.read ?? -1 } }

    /// Stops the follower on any of `signals` instead of letting them end the process.
    func stop(on signals: [Int32]) {
        lock.withLock {
            for number in signals {
                Glibc.signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { [weak self] in self?.wake() }
                source.resume()
                signalSources.append(source)
            }
        }
    }

    /// Wakes the follower to stop; harmless after `close`.
    func wake() {
        lock.withLock {
            guard let descriptors else { return }
            var byte: UInt8 = 1
            _ = Glibc.write(descriptors.write, &byte, 1)
        }
    }

    /// Whether `wake` has been called.
    var isWoken: Bool {
        lock.withLock {
            guard let descriptors else { return true }
            var probe = pollfd(fd: descriptors.read, events: Int16(POLLIN), revents: 0)
            return Glibc.poll(&probe, 1, 0) > 0
        }
    }

    func close() {
        lock.withLock {
            signalSources.forEach { $0.cancel() }
            signalSources = []
            guard let descriptors else { return }
            Glibc.close(descriptors.read)
            Glibc.close(descriptors.write)
            self.descriptors = nil
        }
    }
}
