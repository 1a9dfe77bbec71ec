#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// One `devenv-shim --fork-server`, started on first use, that clones itself into each new shim
/// instead of the daemon spawning (and the kernel exec'ing) a fresh one: a clone skips loading the
/// image, the C library's start-up and a new address space's page faults, most of what a shim
/// cost to start.
///
/// The clones are made with CLONE_PARENT, so each is this process's own child: `ChildReaper`
/// waits for and reaps it, and signals reach it, exactly as for a spawned one. Whatever goes wrong
/// with the server (it cannot start, dies, answers an error) makes `spawn` return `nil`, and the
/// caller spawns the shim itself: the server only ever makes starting faster.
final class ForkServer: Sendable {
    private enum Status {
        case notStarted
        case running(socket: Int32, pid: pid_t)
        case unavailable
    }

    /// The largest request the server takes (its buffer); bigger ones are spawned directly.
    static let maxRequest = 128 * 1024

    private let shimPath: String
    private let status = Mutex<Status>(.notStarted)

    init(shimPath: String) {
        self.shimPath = shimPath
    }

    deinit {
        status.withLock { status in
            if case .running(let socket, let pid) = status { Self.retire(socket: socket, pid: pid) }
        }
    }

    /// The server's pid while it runs (for tests and diagnostics).
    var serverPID: pid_t? {
        status.withLock { status in
            if case .running(_, let pid) = status { return pid }
            return nil
        }
    }

    /// Starts the server if it has not been yet.
    func prepare() {
        status.withLock { startIfNeeded(&$0) }
    }

    private func startIfNeeded(_ status: inout Status) {
        if case .notStarted = status {
            status = start().map { .running(socket: $0.socket, pid: $0.pid) } ?? .unavailable
        }
    }

    /// The pid of a new shim run with `arguments` (`arguments[0]` is the shim) and exactly
    /// `environment`, or `nil` when the server cannot make it.
    func spawn(arguments: [String], environment: [String]) -> pid_t? {
        guard let request = Self.request(arguments, environment) else { return nil }
        return status.withLock { status -> pid_t? in
            startIfNeeded(&status)
            guard case .running(let socket, let pid) = status else { return nil }
            switch Self.exchange(request, on: socket) {
            case .some(let answer) where answer > 0:
                return answer
            case .some:
                return nil  // the clone failed (-errno): let the spawn fail or succeed on its own
            case .none:
                Self.retire(socket: socket, pid: pid)
                status = .unavailable
                return nil
            }
        }
    }

    /// `u32 argc, u32 envc`, then every string NUL-terminated; `nil` when too big.
    static func request(_ arguments: [String], _ environment: [String]) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1024)
        for count in [UInt32(arguments.count), UInt32(environment.count)] {
            withUnsafeBytes(of: count.littleEndian) { bytes.append(contentsOf: $0) }
        }
        for string in arguments + environment {
            guard !string.utf8.contains(0) else { return nil }
            bytes.append(contentsOf: string.utf8)
            bytes.append(0)
            if bytes.count > maxRequest { return nil }
        }
        return bytes
    }

    /// Sends one request and reads its answer; `nil` when the server is gone or silent.
    private static func exchange(_ request: [UInt8], on socket: Int32) -> Int32? {
        let sent = request.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == request.count else { return nil }
        var answer: Int32 = 0
        while true {
            let count = recv(socket, &answer, MemoryLayout<Int32>.size, 0)
            if count == MemoryLayout<Int32>.size { return answer }
            if count < 0 && errno == EINTR { continue }
            return nil
        }
    }

    /// Starts the server with its end of a socket pair on descriptor 3.
    private func start() -> (socket: Int32, pid: pid_t)? {
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            return nil
        }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)  // a server that hangs is given up on
        setsockopt(ends[0], SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, ends[1], 3)  // stderr stays: the daemon's log
        let attributes = SpawnAttributes()
        // The last argument is room for each clone to write its own command line over the server's.
        let arguments = [shimPath, "--fork-server", "--parent-pid", String(getpid()), "--title-room", String(repeating: " ", count: 2048)]
        var pid: pid_t = 0
        let result = withCStringArray(arguments) { argv in
            withCStringArray([]) { envp in posix_spawn(&pid, shimPath, &actions, &attributes.raw, argv, envp) }
        }
        close(ends[1])
        guard result == 0 else {
            close(ends[0])
            return nil
        }
        return (ends[0], pid)
    }

    /// Closes the server's socket (it exits at the end of its input), makes sure it is gone and
    /// reaps it.
    private static func retire(socket: Int32, pid: pid_t) {
        close(socket)
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }
}
