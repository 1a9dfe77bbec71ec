import ArgumentParser
import Engine
import Foundation
import Glibc

struct Logs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Show services' logs, interleaved by time.",
        discussion: """
            Without --tail shows every line (rotated files included); with -f shows the last 10 lines of \
            each log, then new lines as they are written, until Ctrl-C (exit 0).
            """
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "Services to show (default: all; 'router' for the access log).")
    var services: [String] = []

    @Flag(name: .shortAndLong, help: "Keep following new lines.")
    var follow = false

    @Option(help: "Show the last N lines of each log.")
    var tail: Int?

    func validate() throws {
        if let tail, tail < 0 { throw ValidationError("--tail must be 0 or more, not \(tail)") }
    }

    func run() async throws {
        try await Output.run {
            let logs = EnvironmentLogs(project: try options.project(), environment: options.environmentName())
            let selection = try logs.select(services)
            var formatter = LogFormatter(width: selection.prefixWidth, colour: isatty(STDOUT_FILENO) == 1)
            if let notice = selection.emptyNotice {
                Output.error(notice)
                guard follow, selection.directoryExists else { return }
            }
            if follow {
                for try await line in logs.follow(selection, tail: tail ?? 10, stopSignals: [SIGINT, SIGTERM]) {
                    print(formatter.format(line))
                    fflush(nil)  // every line as it comes, even into a pipe
                }
                return
            }
            var lines = try logs.read(selection, tail: tail)
            while let line = try lines.next() { print(formatter.format(line)) }
        }
    }
}
