import Foundation

/// Runs the built `devenv` binary the way a user does, capturing stdout, stderr and the exit code.
enum CLI {
    struct Result: Sendable {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    /// The directory holding the built products (the test runner lives there too).
    static let productsDirectory: String = {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        while directory.path != "/", !FileManager.default.isExecutableFile(atPath: directory.path + "/devenv") {
            directory.deleteLastPathComponent()
        }
        return directory.path
    }()

    static var devenv: String { productsDirectory + "/devenv" }

    /// Runs `devenv arguments…` in `directory`; output goes through files, so any size is fine.
    static func run(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> Result {
        try run(executable: devenv, arguments, in: directory, environment: environment)
    }

    /// Runs `executable arguments…` in `directory` as `run` does (a `devenv` wrapped in `setpriv`, say).
    static func run(executable: String, _ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> Result {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("devenv-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outPath = scratch.appendingPathComponent("out").path, errPath = scratch.appendingPathComponent("err").path
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env["DEVENV_ENV"] = nil
        env["ADMIN_PASSWORD"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Result(stdout: try String(contentsOfFile: outPath, encoding: .utf8),
                      stderr: try String(contentsOfFile: errPath, encoding: .utf8),
                      status: process.terminationStatus)
    }
}

/// A throwaway project directory with the given files.
struct Sandbox {
    let root: String

    /// - Parameter root: where the project goes; a new directory under the temporary directory by default.
    init(_ files: [String: String], root: String? = nil) throws {
        self.root = root ?? FileManager.default.temporaryDirectory.appendingPathComponent("devenv-e2e-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: self.root + "/environments", withIntermediateDirectories: true)
        for (path, text) in files {
            let full = self.root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: false, encoding: .utf8)
        }
    }

    func run(_ arguments: String..., environment: [String: String] = [:]) throws -> CLI.Result {
        try CLI.run(arguments, in: root, environment: environment)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
}
