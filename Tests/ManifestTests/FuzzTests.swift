import Foundation
import Testing
@testable import Manifest

/// Feeds thousands of mutated manifests to the loader: it never crashes, and every failure is a
/// diagnostic with a real position.
@Suite struct FuzzTests {
    /// A small deterministic generator, so a failure can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let alphabet = Array(" \t\n:-[]{},#&*!|>'\"%@`${}~0123456789abcxyz._/=?\u{00e9}\u{1F600}")

    static func mutate(_ text: String, using rng: inout SplitMix) -> String {
        var characters = Array(text)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        switch Int.random(in: 0..<7, using: &rng) {
        case 0 where !characters.isEmpty:
            characters.remove(at: Int.random(in: 0..<characters.count, using: &rng))
            return String(characters)
        case 1:
            characters.insert(alphabet.randomElement(using: &rng)!, at: Int.random(in: 0...characters.count, using: &rng))
            return String(characters)
        case 2 where !characters.isEmpty:
            characters[Int.random(in: 0..<characters.count, using: &rng)] = alphabet.randomElement(using: &rng)!
            return String(characters)
        case 3 where lines.count > 1:
            lines.swapAt(Int.random(in: 0..<lines.count, using: &rng), Int.random(in: 0..<lines.count, using: &rng))
        case 4 where !lines.isEmpty:
            let index = Int.random(in: 0..<lines.count, using: &rng)
            lines.insert(lines[index], at: index)
        case 5 where !lines.isEmpty:
            let index = Int.random(in: 0..<lines.count, using: &rng)
            lines[index] = Bool.random(using: &rng) ? "  " + lines[index] : String(lines[index].dropFirst(2))
        default:
            if !lines.isEmpty { lines.remove(at: Int.random(in: 0..<lines.count, using: &rng)) }
        }
        return lines.joined(separator: "\n")
    }

    @Test func mutatedManifestsNeverCrashAndAlwaysPointSomewhere() throws {
        let dev = try String(contentsOfFile: Paths.repository + "/environments/dev.yaml", encoding: .utf8)
        let staging = try String(contentsOfFile: Paths.repository + "/environments/staging.yaml", encoding: .utf8)
        let project = try TemporaryProject(["seed/schema.sql": "", "seed/values.csv": ""])
        defer { project.remove() }
        var rng = SplitMix(state: 20261121)
        var failures = 0, successes = 0
        for round in 0..<3000 {
            var mutatedDev = dev, mutatedStaging = staging
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                if round % 2 == 0 { mutatedDev = Self.mutate(mutatedDev, using: &rng) } else { mutatedStaging = Self.mutate(mutatedStaging, using: &rng) }
            }
            try project.write("environments/dev.yaml", mutatedDev)
            try project.write("environments/staging.yaml", mutatedStaging)
            do {
                _ = try project.loader(["ADMIN_PASSWORD": "x"]).load("staging")
                successes += 1
            } catch let error as ManifestError {
                failures += 1
                #expect(!error.diagnostics.isEmpty, "round \(round): an error without diagnostics")
                for diagnostic in error.diagnostics {
                    let lineCount = (diagnostic.position.file.hasSuffix("dev.yaml") ? mutatedDev : mutatedStaging)
                        .split(separator: "\n", omittingEmptySubsequences: false).count
                    #expect(["environments/dev.yaml", "environments/staging.yaml"].contains(diagnostic.position.file),
                            "round \(round): \(diagnostic)")
                    #expect(diagnostic.position.line >= 1 && diagnostic.position.line <= lineCount + 1, "round \(round): \(diagnostic)")
                    #expect(diagnostic.position.column >= 1, "round \(round): \(diagnostic)")
                    #expect(!diagnostic.message.isEmpty)
                }
            } catch {
                Issue.record("round \(round): not a positioned diagnostic: \(error)")
            }
        }
        // The mutations are strong enough to break most manifests and mild enough to leave some valid.
        #expect(failures > 1000)
        #expect(successes > 50)
    }
}
