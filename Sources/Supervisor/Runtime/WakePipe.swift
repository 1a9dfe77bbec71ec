#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The pipe that wakes a thread sleeping in poll(2) when what it should poll has changed: the
/// process-wide threads of `ExitWatcher` and `LoopbackProber`.
struct WakePipe: Sendable {
    let read: Int32
    let write: Int32

    /// Makes a pipe (both ends non-blocking and close-on-exec) and starts `run` with it on a
    /// detached thread; nil when either cannot be made.
    static func startThread(_ run: @escaping @Sendable (WakePipe) -> Void) -> WakePipe? {
        guard let ends = GNULibc.closeOnExecPipe() else { return nil }
        let pipe = WakePipe(read: ends.read, write: ends.write)
        _ = fcntl(pipe.read, F_SETFL, O_NONBLOCK)
        _ = fcntl(pipe.write, F_SETFL, O_NONBLOCK)
        guard DetachedThread.start({ run(pipe) }) == 0 else {
            close(pipe.read)
            close(pipe.write)
            return nil
        }
        return pipe
    }

    /// Makes the thread's poll return.
    func wake() {
        var byte: UInt8 = 1
        _ = Glibc.write(write, &byte, 1)  // a full pipe already means "look again"
    }

    /// Empties the pipe, on the thread, once its poll said it was readable.
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 256)
        while Glibc.read(read, &buffer, buffer.count) > 0 {}
    }
}

/// A poll loop's thread, started on first use and at most once: its wake pipe, or nil when it
/// could not be started (then it is not tried again, and the caller does without it).
struct LazyPollThread {
    private(set) var wake: WakePipe?
    private var failed = false

    /// The wake pipe, starting `run` on its thread first if it has not been yet.
    mutating func start(_ run: @escaping @Sendable (WakePipe) -> Void) -> WakePipe? {
        if wake == nil && !failed {
            wake = WakePipe.startThread(run)
            failed = wake == nil
        }
        return wake
    }
}
