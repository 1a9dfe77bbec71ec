extension ExitStatus {
    /// Decodes a `waitpid` status word for a process that has terminated.
    init(waitStatus status: Int32) {
        let signal = status & 0x7f
        self = signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }

    /// What `wait` reports when no status can be collected: the process was not this
    /// runtime's child (a handle restored from the state db), or someone else reaped it.
    static let unknown = ExitStatus.signaled(9)
}
