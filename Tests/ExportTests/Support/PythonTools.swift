import Foundation
import Testing

/// The validators the export tests run: `kubernetes-validate` and `jsonschema` in a virtual
/// environment, and compose's JSON schema (from the docker-compose 1.29.2 wheel). `make test`
/// (its `pytools` step) puts them in `.build/pytools`; `DEVENV_PYTOOLS=DIR` points elsewhere.
/// Missing tools fail the tests, never skip them.
enum PythonTools {
    static let directory = ProcessInfo.processInfo.environment["DEVENV_PYTOOLS"] ?? (Demo.root + "/.build/pytools")
    static var python: String { directory + "/venv/bin/python" }
    static var kubernetesValidate: String { directory + "/venv/bin/kubernetes-validate" }
    static var composeSchema: String { directory + "/compose_spec.json" }
    /// Two Kubernetes versions kubernetes-validate ships schemas for: an older supported one and a recent one.
    static let kubernetesVersions = ["1.30.0", "1.35.0"]

    struct Missing: Error, CustomStringConvertible {
        var path: String
        var description: String {
            "\(path) is missing: run make pytools (a venv in .build/pytools with pip install kubernetes-validate jsonschema, and compose_spec.json from the docker-compose==1.29.2 wheel), or set DEVENV_PYTOOLS"
        }
    }

    static func require(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw Missing(path: path) }
    }

    /// Runs a tool; returns its exit status and what it printed (stdout and stderr together).
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try require(executable)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("devenv-pytools-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle(forWritingAtPath: output)
        process.standardError = FileHandle(forWritingAtPath: output)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
    }

    /// Validates every file with `kubernetes-validate --strict` against each version.
    static func validateKubernetes(_ files: [String]) throws {
        for version in kubernetesVersions {
            let (status, output) = try run(kubernetesValidate, ["--strict", "--quiet", "-k", version] + files)
            #expect(status == 0, "kubernetes-validate --strict -k \(version): \(output)")
        }
    }

    /// Validates a compose file against compose's JSON schema.
    static func validateCompose(_ file: String) throws {
        try require(composeSchema)
        let script = """
            import json, sys, yaml, jsonschema
            schema = json.load(open(sys.argv[1]))
            document = yaml.safe_load(open(sys.argv[2]))
            jsonschema.validate(document, schema)
            print("valid")
            """
        let (status, output) = try run(python, ["-c", script, composeSchema, file])
        #expect(status == 0, "compose schema: \(output)")
    }
}
