/// Starts, watches, signals and stops supervised processes. Each process leads its own
/// process group, and signals go to the whole group.
///
/// A process's exit is a result (``ExitStatus``), never a thrown error: only failing to
/// launch or to signal throws.
public protocol Runtime: Sendable {
    /// Starts a process as `spec` describes.
    /// - Returns: its handle, as soon as it is spawned.
    /// - Throws: ``RuntimeError`` with code `launchFailed` when it cannot be spawned. A program
    ///   that cannot be run is not a launch failure: the process exits 127 (not found) or 126,
    ///   with the reason in its log.
    func start(_ spec: ProcessSpec) async throws -> ProcessHandle

    /// Waits for the process to exit and returns how it ended. Any number of callers may wait,
    /// before or after the exit.
    func wait(_ handle: ProcessHandle) async -> ExitStatus

    /// Sends `signal` to the process's whole group.
    /// - Throws: ``RuntimeError`` with code `notRunning` when the process has exited (or its pid
    ///   now names another process), `signalFailed` when the kernel refuses.
    func signal(_ handle: ProcessHandle, _ signal: Int32) throws

    /// Stops the process group as `teardown` says: its signal, its grace period, then SIGKILL.
    /// - Returns: how the process ended (at once, if it already had).
    func stop(_ handle: ProcessHandle, teardown: Teardown) async -> ExitStatus
}
