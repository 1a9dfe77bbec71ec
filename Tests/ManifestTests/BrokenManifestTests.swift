import Foundation
import Testing
@testable import Manifest

/// Every fixture under Fixtures/broken is a project whose manifest has mistakes; `expected` holds
/// the exact diagnostics, one `file:line:col: message` per line, and `environment` the one to load.
@Suite struct BrokenManifestTests {
    static let fixtures: [String] = {
        ((try? FileManager.default.contentsOfDirectory(atPath: Paths.brokenFixtures)) ?? []).sorted()
    }()

    @Test func thereAreEnoughFixtures() {
        #expect(Self.fixtures.count >= 25)
    }

    @Test(arguments: fixtures)
    func reportsExactDiagnostics(fixture: String) throws {
        let root = Paths.brokenFixtures + "/" + fixture
        let expected = try String(contentsOfFile: root + "/expected", encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let environment = try String(contentsOfFile: root + "/environment", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let loader = ManifestLoader(project: Project(root: root), processEnvironment: ["HOME": "/root"])
        #expect(!expected.isEmpty, "a broken fixture must expect at least one diagnostic")
        #expect(loader.diagnostics(environment) == expected)
    }

    @Test func threeMistakesGiveThreePositionedErrors() throws {
        let loader = ManifestLoader(project: Project(root: Paths.brokenFixtures + "/three-mistakes"), processEnvironment: [:])
        let lines = loader.diagnostics("dev")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.range(of: #"^environments/dev\.yaml:\d+:\d+: "#, options: .regularExpression) != nil })
    }
}
