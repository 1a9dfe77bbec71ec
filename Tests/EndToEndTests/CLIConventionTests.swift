import Foundation
import Testing

/// The command line as git, make and kubectl users type it; completions; help that reads.
@Suite struct CLIConventionTests {
    @Test func globalOptionsGoBeforeOrAfterTheSubcommand() throws {
        let sandbox = try Sandbox(["environments/dev.yaml": "", "environments/staging.yaml": "env: { WHERE: staging }\n"])
        defer { sandbox.remove() }
        let elsewhere = FileManager.default.temporaryDirectory.path
        for arguments in [
            ["-C", sandbox.root, "-e", "staging", "validate"],
            ["-e", "staging", "-C", sandbox.root, "validate"],
            ["--env=staging", "-C", sandbox.root, "validate"],
            ["-C", sandbox.root, "validate", "-e", "staging"],
            ["validate", "-C", sandbox.root, "--env", "staging"],
            ["-C", sandbox.root, "validate", "staging"],
        ] {
            let result = try CLI.run(arguments, in: elsewhere)
            #expect(result.status == 0, "devenv \(arguments.joined(separator: " ")): \(result.stderr)")
            #expect(result.stdout.contains("WHERE: staging"), "devenv \(arguments.joined(separator: " ")): \(result.stdout)")
        }
        let status = try CLI.run(["-C", sandbox.root, "status", "--json"], in: elsewhere)
        #expect(status.status == 0 && status.stdout.contains("\"environment\":\"dev\""), "\(status.stdout)\(status.stderr)")
        let unknown = try CLI.run(["-C", sandbox.root, "-e", "nope", "status"], in: elsewhere)
        #expect(unknown.status == 1 && unknown.stderr.contains("Environments found: dev, staging"), "\(unknown.stderr)")
    }

    @Test func completionScriptsForBashZshAndFish() throws {
        let bash = try CLI.run(["completion", "bash"], in: "/")
        #expect(bash.status == 0)
        // The script loads in bash and registers itself for devenv.
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("devenv-completion-\(UUID().uuidString).bash").path
        try bash.stdout.write(toFile: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: script) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "source '\(script)' && complete -p devenv"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let registered = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0 && registered.contains("devenv"), "\(registered)")

        #expect(try CLI.run(["completion", "zsh"], in: "/").stdout.hasPrefix("#compdef devenv"))
        #expect(try CLI.run(["completion", "fish"], in: "/").stdout.contains("complete -c 'devenv'"))
        let unknown = try CLI.run(["completion", "tcsh"], in: "/")
        #expect(unknown.status != 0 && unknown.stderr.contains("choose bash, zsh or fish"))
    }

    /// ArgumentParser wraps help text itself: a source line break inside a sentence shows as a
    /// short line followed by one that goes on in lower case.
    @Test func helpTextIsWrappedNotBrokenMidSentence() throws {
        for command in [[], ["up"], ["down"], ["seed"], ["logs"], ["validate"], ["completion"]] {
            let help = try CLI.run(command + ["--help"], in: "/").stdout
            let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (line, next) in zip(lines, lines.dropFirst()) where !line.hasPrefix(" ") && !next.hasPrefix(" ") {
                guard let first = next.first, first.isLowercase, !line.isEmpty else { continue }
                #expect(line.count >= 55, "devenv \(command.joined()) --help breaks a sentence: '\(line)' / '\(next)'")
            }
        }
    }
}
