import Engine
import Foundation
import Manifest

#if canImport(Glibc)
import Glibc
#endif

/// `up --attach`: streams every service's new log lines until Ctrl-C (or SIGTERM), then brings
/// the environment down.
struct Attach {
    let project: Project
    let environment: String

    func run() async throws {
        let logs = EnvironmentLogs(project: project, environment: environment)
        let selection = try logs.select([])
        var formatter = LogFormatter(width: max(selection.prefixWidth, 8), colour: isatty(STDOUT_FILENO) == 1)
        Output.error("attached to \(environment): Ctrl-C brings it down")
        for try await line in logs.follow(selection, tail: 0, stopSignals: [SIGINT, SIGTERM]) {
            print(formatter.format(line))
            fflush(nil)
        }
        Output.error("bringing \(environment) down…")
        try await Engine(project: project).down(environment, purge: false)
        Output.error("\(environment): stopped")
    }
}
