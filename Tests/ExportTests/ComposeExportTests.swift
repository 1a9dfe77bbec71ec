import Export
import Foundation
import Manifest
import Testing
import Yams

@Suite struct ComposeExportTests {
    @Test(arguments: Demo.environments)
    func demoMatchesGolden(_ name: String) throws {
        try Golden.check(try Demo.compose(name).files[0].contents, "compose/\(name).yaml")
    }

    @Test(arguments: Demo.environments)
    func validatesAgainstTheComposeSchema(_ name: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try Demo.compose(name)
        try scratch.write(result.files)
        try PythonTools.validateCompose(scratch.path + "/compose.yaml")
    }

    @Test func passwordsAreComposeVariablesNeverValues() throws {
        let text = try Demo.compose("prod").files[0].contents
        #expect(text.contains("postgresql://app:${POSTGRES_APP_PASSWORD:?set POSTGRES_APP_PASSWORD}@postgres:5432/app"))
        #expect(text.contains("POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"))
    }

    @Test func dependentsWaitForTheSeedServiceAndHealth() throws {
        let document = try #require(try Yams.load(yaml: try Demo.compose("dev").files[0].contents) as? [String: Any])
        let services = try #require(document["services"] as? [String: Any])
        #expect(Set(services.keys) == ["home", "adder", "display", "reset", "postgres", "postgres-seed"])
        let adder = try #require(services["adder"] as? [String: Any])
        let dependsOn = adder["depends_on"] as? [String: [String: String]]
        #expect(dependsOn?["postgres"]?["condition"] == "service_healthy")
        #expect(dependsOn?["postgres-seed"]?["condition"] == "service_completed_successfully")
    }

    @Test func aServiceWithoutAnImageIsAnError() throws {
        #expect(throws: ExportError.self) { try ComposeExport(environment: try Demo.environment("dev")).export() }
    }
}
