import ArgumentParser
import Engine
import Foundation

/// A failure at the CLI edge: its message goes to stderr as `devenv: message`, exit code 1.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32 = 1

    init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }

    var description: String { message }
}

enum Output {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Runs a command body, turning a library error into a message on stderr and an exit code.
    static func run(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as CLIError {
            Output.error("devenv: \(error.message)")
            throw ExitCode(error.exitCode)
        } catch let error as ExitCode {
            throw error
        } catch {
            Output.error("devenv: \(ErrorText.describe(error))")
            throw ExitCode.failure
        }
    }
}
