import Foundation

/// A program run to completion with its output captured: `initdb`, `cp`, `postgres --single`.
struct ExternalProgram {
    var argv: [String]
    var environment: [String: String] = ["LC_ALL": "C", "PATH": "/usr/local/bin:/usr/bin:/bin"]
    /// Bytes written to the program's standard input, which is then closed.
    var input: String = ""

    /// The exit status and the merged standard output and error.
    struct Outcome {
        var status: Int32
        var output: String
        var succeeded: Bool { status == 0 }
    }

    /// Runs the program in `/`; throws only when it cannot be started.
    func run() throws(ClusterError) -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst())
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        let output = Pipe(), input = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = input
        do {
            try process.run()
        } catch {
            throw ClusterError(.commandFailed, "cannot start \(argv[0]): \(error)")
        }
        let writer = input.fileHandleForWriting
        if !self.input.isEmpty { try? writer.write(contentsOf: Data(self.input.utf8)) }
        try? writer.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// Runs the program and throws `code` with its output when it exits non-zero.
    func runChecked(_ code: ClusterError.Code, _ what: String) throws(ClusterError) {
        let outcome = try run()
        guard outcome.succeeded else {
            throw ClusterError(code, "\(what) failed (exit \(outcome.status))", output: outcome.output)
        }
    }
}
