/// How one run of a container CLI command (`podman image exists`, `podman pause`, …) ended:
/// its exit status and what it printed, stdout and stderr apart.
public struct CommandOutput: Sendable, Hashable {
    public var status: ExitStatus
    public var stdout: String
    public var stderr: String

    public init(status: ExitStatus, stdout: String = "", stderr: String = "") {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }

    /// It exited 0.
    public var succeeded: Bool { status.isSuccess }

    /// stdout's lines, trimmed, without blank ones.
    public var lines: [String] {
        stdout.split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace }.filter { !$0.isEmpty }
    }

    /// What the command said went wrong: stderr's lines that are not warnings, or all of
    /// stderr when every line is one, in one line; its exit status when it said nothing.
    public var failure: String {
        let lines = stderr.split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace }.filter { !$0.isEmpty }
        let errors = lines.filter { !$0.contains("level=warning") }
        let said = (errors.isEmpty ? lines : errors).joined(separator: "; ")
        return said.isEmpty ? "\(status)" : said
    }
}

extension Substring {
    var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
