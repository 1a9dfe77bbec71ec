/// A process could not be launched or signalled. How a process *ended* is never an error: it
/// is the ``ExitStatus`` that `wait` and `stop` return.
public struct RuntimeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The process could not be started (missing shim, log directory, working directory,
        /// user; spawn failed).
        public static let launchFailed = Code("launchFailed")
        /// The process has already exited (or the pid now names another process).
        public static let notRunning = Code("notRunning")
        /// The signal could not be delivered.
        public static let signalFailed = Code("signalFailed")
    }

    public var code: Code
    /// A sentence naming what failed: the program, path, pid or user.
    public var message: String
    /// The underlying `errno`, where there is one.
    public var errno: Int32?

    public init(code: Code, message: String, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
    }

    public var description: String { message }
}

extension RuntimeError.Code {
    /// No container runtime works here, or the one the manifest names does not.
    public static let noContainerRuntime = RuntimeError.Code("noContainerRuntime")
    /// A container's image is not present locally (devenv never pulls).
    public static let imageMissing = RuntimeError.Code("imageMissing")
    /// The container runtime refused to create or start a container; the message is its own.
    public static let containerRefused = RuntimeError.Code("containerRefused")
}
