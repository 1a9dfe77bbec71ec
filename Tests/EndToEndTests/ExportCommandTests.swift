import Foundation
import Testing

/// `devenv export` and `devenv init` as a user runs them: files written, flags, exit codes.
@Suite struct ExportCommandTests {
    static let images = ["home", "adder", "display", "reset"].flatMap { ["--image", "\($0)=registry.example/demo:1"] }

    @Test func exportK8sNeedsAnImageForEachProcessService() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("devenv-k8s-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let result = try CLI.run(["export", "k8s", "dev", "-o", output, "--image", "home=registry.example/demo:1"], in: Repository.root)
        #expect(result.status == 1)
        #expect(result.stderr.contains("services adder, display, reset have no image"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func exportK8sWritesOneFilePerObjectAndNoSecretFromTheShell() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("devenv-k8s-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let result = try CLI.run(["export", "k8s", "prod", "-o", output] + Self.images, in: Repository.root,
                                 environment: ["ADMIN_PASSWORD": "from-the-shell-42"])
        #expect(result.status == 0, "\(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: output)
        #expect(result.stdout == "wrote \(files.count) files to \(output)\n")
        #expect(files.contains("deployment-adder.yaml") && files.contains("statefulset-postgres.yaml") && files.contains("ingress-route-reset.yaml"))
        for file in files {
            #expect(!(try String(contentsOfFile: output + "/" + file, encoding: .utf8)).contains("from-the-shell-42"), "\(file)")
        }
        #expect(result.stderr.contains("warning: router.routes /reset: the basic-auth password comes from ADMIN_PASSWORD"))
    }

    @Test func exportComposeWritesTheFileAndRejectsScheduleStyles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("devenv-compose-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try CLI.run(["export", "compose", "staging", "-o", directory + "/out/compose.yaml"] + Self.images, in: Repository.root)
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOfFile: directory + "/out/compose.yaml", encoding: .utf8)
        // Seed files are mounted from the project, by a path relative to the compose file's directory.
        let mount = text.split(separator: "\n").first { $0.hasSuffix(":/seed/app-0-schema.sql:ro") }
        let host = mount.map { String($0.drop { $0 == " " || $0 == "-" }.dropLast(":/seed/app-0-schema.sql:ro".count)) }
        #expect(host?.hasPrefix("/") == false, "a relative path: \(host ?? "none")")
        #expect(host.map { URL(fileURLWithPath: directory + "/out/" + $0).standardized.path }
            == URL(fileURLWithPath: Repository.root + "/seed/schema.sql").standardized.path, "\(text)")
        let wrong = try CLI.run(["export", "compose", "-o", directory + "/c.yaml", "--schedule", "kube-downscaler"], in: Repository.root)
        #expect(wrong.status != 0 && wrong.stderr.contains("--schedule is for k8s exports"))
    }

    @Test func initWritesAStarterAndNeverOverwritesWithoutForce() throws {
        let sandbox = try Sandbox([:])
        defer { sandbox.remove() }
        let first = try sandbox.run("init")
        #expect(first.status == 0 && first.stdout == "wrote environments/dev.yaml\n", "\(first.stderr)")
        #expect(try sandbox.run("validate", "dev").status == 0)
        let manifest = sandbox.root + "/environments/dev.yaml"
        try "services: {}\n".write(toFile: manifest, atomically: false, encoding: .utf8)
        let again = try sandbox.run("init", "--from", Self.fixture("Procfile"))
        #expect(again.status == 1 && again.stderr.contains("environments/dev.yaml exists") && again.stderr.contains("--force"))
        #expect(try String(contentsOfFile: manifest, encoding: .utf8) == "services: {}\n")
        let forced = try sandbox.run("init", "--force", "--from", Self.fixture("Procfile"))
        #expect(forced.status == 0 && forced.stdout.contains("not converted (1):\n  Procfile:6:"), "\(forced.stdout)")
        #expect(try sandbox.run("validate", "dev").status == 0)
    }

    @Test func initFromComposeListsWhatWasNotConverted() throws {
        let sandbox = try Sandbox(["init/schema.sql": "CREATE TABLE t (id int);\n"])
        defer { sandbox.remove() }
        let result = try sandbox.run("init", "--from", Self.fixture("shop-compose.yml"))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("services.web.build: ./web not converted"))
        #expect(result.stdout.contains("services.web.volumes: no equivalent"))
        let validated = try sandbox.run("validate", "dev")
        #expect(validated.status == 0, "\(validated.stderr)")
    }

    static func fixture(_ name: String) -> String {
        Repository.root + "/Tests/ExportTests/Fixtures/" + name
    }
}
